package io.hastate.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a component of a function's argument record. Without it, an argument must be given. A secret
 * argument's value never appears in a report, a log line or a plan.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Arg {
    /** May be left out; the component is then null (false, 0 for a primitive). */
    boolean optional() default false;

    boolean secret() default false;
}
