package dev.jollama.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.api.KeepAlive;
import dev.jollama.api.Message;
import dev.jollama.api.ThinkValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of a {@code run}: model, conversation and the settings the REPL's /set changes. */
public final class Session {
    public String model;
    public String parentModel;
    /** MESSAGEs the model was created with (replayed on /save). */
    public List<Message> loadedMessages = new ArrayList<>();
    public List<Message> messages = new ArrayList<>();
    public String system;
    public Map<String, Object> options = new LinkedHashMap<>();
    public JsonNode format;
    public ThinkValue think;
    public boolean thinkExplicit;
    public boolean hideThinking;
    public KeepAlive keepAlive;
    public boolean wordWrap;
    public boolean verbose;

    Session copy() {
        Session s = new Session();
        s.model = model;
        s.parentModel = parentModel;
        s.loadedMessages = new ArrayList<>(loadedMessages);
        s.messages = new ArrayList<>(messages);
        s.system = system;
        s.options = new LinkedHashMap<>(options);
        s.format = format;
        s.think = think;
        s.thinkExplicit = thinkExplicit;
        s.hideThinking = hideThinking;
        s.keepAlive = keepAlive;
        s.wordWrap = wordWrap;
        s.verbose = verbose;
        return s;
    }
}
