package io.hastate.spi;

/** The host refused what apply asked of it; the message says what and why, and the state fails. */
public class ApplyFailed extends Exception {
    public ApplyFailed(String message) {
        super(message);
    }
}
