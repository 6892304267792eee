package dev.jollama.api;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Go's {@code omitempty}: the property is left out when it is null, "", 0, false or an empty list or map.
 * Fields without it are always written, null included, as Go writes them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public @interface OmitEmpty {
}
