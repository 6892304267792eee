package dev.jollama.server.template.jinja;

import java.util.List;
import java.util.Map;

/** The syntax tree of a Jinja template: statements and expressions. */
sealed interface JinjaNode {

    record Text(String value) implements JinjaNode {
    }

    record Comment(String value) implements JinjaNode {
    }

    record If(JinjaNode test, List<JinjaNode> body, List<JinjaNode> orElse) implements JinjaNode {
    }

    /** {@code for target in iterable [if filter]}; {@code orElse} runs when nothing was iterated. */
    record For(JinjaNode target, JinjaNode iterable, JinjaNode filter, List<JinjaNode> body, List<JinjaNode> orElse)
            implements JinjaNode {
    }

    /** {@code set target = value}, or a block set when value is null. */
    record Set(JinjaNode target, JinjaNode value, List<JinjaNode> body) implements JinjaNode {
    }

    /** {@code kwargs}/{@code varargs}: whether the body reads those names (then extra arguments are accepted). */
    record Macro(String name, List<JinjaNode> params, List<JinjaNode> body, boolean kwargs, boolean varargs) implements JinjaNode {
    }

    record CallBlock(Call call, List<JinjaNode> callerParams, List<JinjaNode> body, boolean kwargs, boolean varargs)
            implements JinjaNode {
    }

    record FilterBlock(JinjaNode filter, List<JinjaNode> body) implements JinjaNode {
    }

    record Break() implements JinjaNode {
    }

    record Continue() implements JinjaNode {
    }

    record Literal(Object value) implements JinjaNode {
    }

    record ListLiteral(List<JinjaNode> items) implements JinjaNode {
    }

    record TupleLiteral(List<JinjaNode> items) implements JinjaNode {
    }

    record DictLiteral(List<Map.Entry<JinjaNode, JinjaNode>> entries) implements JinjaNode {
    }

    record Identifier(String name) implements JinjaNode {
    }

    /** {@code object.property} ({@code computed} false) or {@code object[property]}. */
    record Member(JinjaNode object, JinjaNode property, boolean computed) implements JinjaNode {
    }

    record Slice(JinjaNode start, JinjaNode stop, JinjaNode step) implements JinjaNode {
    }

    record Call(JinjaNode callee, List<JinjaNode> args) implements JinjaNode {
    }

    record KeywordArg(String name, JinjaNode value) implements JinjaNode {
    }

    record Spread(JinjaNode value) implements JinjaNode {
    }

    record KeywordSpread(JinjaNode value) implements JinjaNode {
    }

    record Unary(String operator, JinjaNode operand) implements JinjaNode {
    }

    record Binary(String operator, JinjaNode left, JinjaNode right) implements JinjaNode {
    }

    /** {@code operand | filter}; filter is an Identifier or a Call of one. */
    record Filter(JinjaNode operand, JinjaNode filter) implements JinjaNode {
    }

    record Test(JinjaNode operand, boolean negate, String test) implements JinjaNode {
    }

    /** {@code value if test} without else: undefined when the test fails. */
    record Select(JinjaNode value, JinjaNode test) implements JinjaNode {
    }

    record Ternary(JinjaNode test, JinjaNode ifTrue, JinjaNode ifFalse) implements JinjaNode {
    }
}
