package dev.jollama.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.Json;

import java.util.ArrayList;
import java.util.List;

/** Keeps a translation's events as they would go on the wire: the name (null for data-only) and the JSON text. */
public final class RecordingSink implements EventSink {
    public record Event(String name, String json) {
        public JsonNode tree() {
            try {
                return Json.mapper().readTree(json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public final List<Event> events = new ArrayList<>();

    @Override
    public void data(Object payload) {
        events.add(new Event(null, Json.write(payload)));
    }

    @Override
    public void event(String name, Object payload) {
        events.add(new Event(name, Json.write(payload)));
    }

    @Override
    public void done() {
        events.add(new Event(null, "[DONE]"));
    }

    public List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    public List<String> jsons() {
        return events.stream().map(Event::json).toList();
    }
}
