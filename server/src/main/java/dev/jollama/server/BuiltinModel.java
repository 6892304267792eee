package dev.jollama.server;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.jollama.api.CreateRequest;
import dev.jollama.server.create.CreateJob;
import dev.jollama.server.store.ModelName;
import dev.jollama.server.store.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.util.Map;

/**
 * The model shipped inside the jar: stories260K (Karpathy's TinyStories Llama, MIT), installed as
 * {@code stories:260k} into a store that has no model at all, so a first request has something to talk to.
 */
final class BuiltinModel {
    private static final Logger log = LoggerFactory.getLogger(BuiltinModel.class);

    static final String NAME = "stories:260k";
    static final String RESOURCE = "/builtin/stories260K.gguf";
    static final String LICENSE = """
            MIT License

            Copyright (c) 2023 Andrej Karpathy

            Permission is hereby granted, free of charge, to any person obtaining a copy
            of this software and associated documentation files (the "Software"), to deal
            in the Software without restriction, including without limitation the rights
            to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
            copies of the Software, and to permit persons to whom the Software is
            furnished to do so, subject to the following conditions:

            The above copyright notice and this permission notice shall be included in all
            copies or substantial portions of the Software.

            THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
            IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
            FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
            AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
            LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
            OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
            SOFTWARE.
            """;

    private BuiltinModel() {}

    static void installIfEmpty(ModelStore store) {
        if (!store.names().isEmpty()) return;
        try (InputStream in = BuiltinModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                log.warn("the built-in model is not in this build ({} missing)", RESOURCE);
                return;
            }
            ModelStore.BlobResult blob = store.putBlob(in, null);
            // A base model that writes short stories: its whole 512-token context, stories of a sensible length.
            Map<String, Object> params = Map.of("num_ctx", 512, "num_predict", 256);
            CreateRequest req = new CreateRequest(NAME, false, null, null, null, null, Map.of("stories260K.gguf", blob.digest()),
                    null, null, null, new TextNode(LICENSE), null, params, null, null, null, null, null, null, null);
            new CreateJob(store, req, ModelName.parse(NAME), true).run(chunk -> { });
            log.info("installed the built-in model {} into the empty store {}", NAME, store.root());
        } catch (Exception e) {
            log.warn("could not install the built-in model {}: {}", NAME, e.getMessage());
        }
    }
}
