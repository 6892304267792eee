package dev.jollama.server.template.jinja;

import dev.jollama.server.template.jinja.JinjaNode.Identifier;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/** Whether a macro body reads the special names {@code kwargs} or {@code varargs} (then it accepts extra arguments). */
final class JinjaMacros {

    private JinjaMacros() {
    }

    static boolean mentions(Object node, String name) {
        return switch (node) {
            case null -> false;
            case Identifier id -> id.name().equals(name);
            case List<?> list -> list.stream().anyMatch(x -> mentions(x, name));
            case Map.Entry<?, ?> e -> mentions(e.getKey(), name) || mentions(e.getValue(), name);
            case JinjaNode.Macro m -> false;
            case JinjaNode n -> {
                for (RecordComponent c : n.getClass().getRecordComponents()) {
                    try {
                        if (mentions(c.getAccessor().invoke(n), name)) {
                            yield true;
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                yield false;
            }
            default -> false;
        };
    }
}
