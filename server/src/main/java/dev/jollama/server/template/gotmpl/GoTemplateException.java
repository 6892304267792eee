package dev.jollama.server.template.gotmpl;

/** A parse or execution error of a Go template, with Go's wording ({@code template: NAME:LINE: ...}). */
public class GoTemplateException extends RuntimeException {
    public GoTemplateException(String message) {
        super(message);
    }
}
