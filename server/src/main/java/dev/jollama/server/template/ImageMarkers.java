package dev.jollama.server.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's image markers: each image of a message gets a number (counting across the conversation from
 * {@code start}), and the content gets {@code [img-N]} where the user wrote {@code [img]}, or in front of the
 * text when there is no such placeholder. The engine maps the markers to the images.
 */
public final class ImageMarkers {

    private ImageMarkers() {
    }

    /** The messages from {@code start} on with markers in their content, and all images in marker order. */
    public record Tagged(List<ChatMessage> messages, List<byte[]> images) {
    }

    public static Tagged tag(List<ChatMessage> messages, int start) {
        List<ChatMessage> out = new ArrayList<>(messages);
        List<byte[]> images = new ArrayList<>();
        for (int i = start; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String content = m.content();
            StringBuilder prefix = new StringBuilder();
            for (byte[] image : m.images()) {
                String marker = "[img-" + images.size() + "]";
                images.add(image);
                int placeholder = content.indexOf("[img]");
                if (placeholder < 0) {
                    prefix.append(marker);
                } else {
                    content = content.substring(0, placeholder) + marker + content.substring(placeholder + "[img]".length());
                }
            }
            out.set(i, m.withContent(prefix + content));
        }
        return new Tagged(out, images);
    }
}
