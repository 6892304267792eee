package dev.jollama.server.parse;

import dev.jollama.server.template.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds recorded model output to fresh parsers whole, one character at a time, at every single split point and in
 * random token-sized pieces, checks every way gives the same total, and returns that total.
 */
final class Streams {

    private Streams() {
    }

    /** The total of a parse: content, thinking, and calls (name, index, arguments; ids checked and dropped). */
    record Total(String content, String thinking, List<Call> calls) {
    }

    record Call(int index, String name, Map<String, Object> arguments) {
    }

    static Total parse(Supplier<OutputParser> parsers, String output) {
        Total whole = feed(parsers.get(), List.of(output));
        List<String> chars = new ArrayList<>();
        output.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        assertThat(feed(parsers.get(), chars)).as("one character at a time").isEqualTo(whole);
        for (int i = 1; i < output.length(); i++) {
            if (Character.isLowSurrogate(output.charAt(i))) {
                continue;
            }
            assertThat(feed(parsers.get(), List.of(output.substring(0, i), output.substring(i))))
                    .as("split at %d", i).isEqualTo(whole);
        }
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            List<String> pieces = new ArrayList<>();
            int i = 0;
            while (i < output.length()) {
                int n = Math.min(output.length() - i, 1 + random.nextInt(6));
                if (i + n < output.length() && Character.isLowSurrogate(output.charAt(i + n))) {
                    n++;
                }
                pieces.add(output.substring(i, i + n));
                i += n;
            }
            assertThat(feed(parsers.get(), pieces)).as("random pieces %s", pieces).isEqualTo(whole);
        }
        return whole;
    }

    static Total feed(OutputParser parser, List<String> pieces) {
        StringBuilder content = new StringBuilder(), thinking = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        List<ParsedOutput> outs = new ArrayList<>();
        for (String piece : pieces) {
            outs.add(parser.add(piece));
        }
        outs.add(parser.finish());
        for (ParsedOutput o : outs) {
            content.append(o.content());
            thinking.append(o.thinking());
            for (ToolCall c : o.toolCalls()) {
                assertThat(c.id()).matches("call_[a-z0-9]{8}");
                calls.add(new Call(c.index(), c.name(), c.arguments()));
            }
        }
        return new Total(content.toString(), thinking.toString(), calls);
    }
}
