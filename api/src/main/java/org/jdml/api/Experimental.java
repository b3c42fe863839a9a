package org.jdml.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public, usable, but still allowed to change between minor versions: a young extension point, or a
 * helper that may move out of {@code api}. {@link #value()} says what may change.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Experimental {

    /** What may change, e.g. "may move to a support module". */
    String value() default "";
}
