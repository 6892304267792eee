package dev.jollama.engine.grammar;

import java.util.Map;

/**
 * JSON's building blocks as grammar rules, and JSON mode ({@code format: "json"}): any JSON object. Whitespace is
 * bounded (nothing, one space, or a newline and up to 32 spaces or tabs at each place it may appear) so a model cannot
 * spin on spaces, and numbers are bounded (16 digits in each part) so it cannot spin on digits either. No whitespace
 * follows the final closing brace: after it only end-of-generation is allowed.
 */
public final class JsonGrammar {
    private JsonGrammar() {}

    /** The shared rules; names are fixed so the schema converter can refer to them. */
    static final String RULES = """
            value ::= object | array | string | number | "true" | "false" | "null"
            object ::= "{" ws ( member ws ( "," ws member ws )* )? "}"
            member ::= string ws ":" ws value
            array ::= "[" ws ( value ws ( "," ws value ws )* )? "]"
            string ::= "\\"" char* "\\""
            char ::= [^"\\\\\\x00-\\x1F] | "\\\\" ( ["\\\\/bfnrt] | "u" unicode-escape )
            unicode-escape ::= [0-9a-cA-CeEfF] hex hex hex | [dD] [0-7] hex hex
            hex ::= [0-9a-fA-F]
            number ::= "-"? integral ( "." [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,3} )?
            integral ::= "0" | [1-9] [0-9]{0,15}
            integer ::= "-"? integral
            boolean ::= "true" | "false"
            null ::= "null"
            ws ::= ( " " | "\\n" [ \\t]{0,32} )?
            """;

    private static final Map<String, Expr> BLOCKS = GbnfParser.parse(RULES);

    /** JSON mode: any JSON object. */
    public static Grammar object() {
        Map<String, Expr> rules = new java.util.LinkedHashMap<>();
        rules.put("root", Expr.ref("object"));
        rules.putAll(BLOCKS);
        return new Grammar("root", rules);
    }

    /** The building block rules (value, object, array, string, char, number, integer, boolean, null, ws, ...). */
    static Map<String, Expr> blocks() {
        return BLOCKS;
    }
}
