package dev.jollama.cli.run;

import dev.jollama.api.CreateRequest;
import dev.jollama.api.Message;
import dev.jollama.server.store.ModelName;
import java.util.ArrayList;
import java.util.List;

/** /save: the session as a new model (based on the model it started from, with its system, parameters and messages). */
final class SessionModel {
    private SessionModel() {}

    static CreateRequest createRequest(String name, Session s) {
        String from = s.parentModel != null && ModelName.parse(s.parentModel).isValid() ? s.parentModel : s.model;
        List<Message> messages = new ArrayList<>(s.loadedMessages);
        messages.addAll(s.messages);
        return new CreateRequest(name, null, null, null, from, null, null, null, null, null, null,
                s.system == null || s.system.isEmpty() ? null : s.system,
                s.options.isEmpty() ? null : s.options, messages.isEmpty() ? null : messages,
                null, null, null, null, null, null);
    }
}
