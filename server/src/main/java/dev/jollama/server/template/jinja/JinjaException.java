package dev.jollama.server.template.jinja;

/** A chat template that cannot be rendered: a syntax error, or the template's own raise_exception. */
public class JinjaException extends RuntimeException {
    public JinjaException(String message) {
        super(message);
    }
}
