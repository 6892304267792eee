package dev.jollama.server.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageMarkersTest {

    private static ChatMessage withImages(String role, String content, int n) {
        List<byte[]> images = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(new byte[] {(byte) i});
        }
        return new ChatMessage(role, content, "", images, List.of(), "", "");
    }

    @Test
    void markersArePrefixedOrReplacePlaceholdersAndCountAcrossMessages() {
        List<ChatMessage> chat = List.of(withImages("user", "old", 1), withImages("user", "describe", 2),
                withImages("assistant", "ok", 0), withImages("user", "compare [img] with [img] and [img]", 2));
        ImageMarkers.Tagged tagged = ImageMarkers.tag(chat, 1);
        assertThat(tagged.messages()).extracting(ChatMessage::content)
                .containsExactly("old", "[img-0][img-1]describe", "ok", "compare [img-2] with [img-3] and [img]");
        assertThat(tagged.images()).hasSize(4);
        assertThat(tagged.images().get(2)[0]).isEqualTo((byte) 0);
    }
}
