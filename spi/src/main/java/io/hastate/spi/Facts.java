package io.hastate.spi;

/** The facts of one host as check sees them. */
public interface Facts {

    /**
     * The parsed value of {@code fact}, which the function listed in its facts.
     *
     * @throws IllegalStateException when the fact was not listed or its output could not be parsed
     */
    <T> T get(Fact<T> fact);
}
