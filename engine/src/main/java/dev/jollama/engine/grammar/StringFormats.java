package dev.jollama.engine.grammar;

import java.util.Map;

/**
 * The {@code format} values of JSON Schema strings we generate, as grammars of the string's content: date, time and
 * date-time (RFC 3339, with real month lengths and leap years; offsets within java.time's +-18:00 and never "-00:00",
 * RFC 3339's "unknown offset", which validators built on java.time reject), uuid, email (a conservative subset, local
 * part within 64 characters, that validators accept), ipv4, hostname and uri (absolute http(s) URLs). Other formats
 * are refused.
 */
final class StringFormats {
    private StringFormats() {}

    private static final Map<String, Expr> RULES = GbnfParser.parse("""
            date ::= year "-" ( month31 "-" day31 | month30 "-" day30 | "02-" day28 ) | leap-year "-02-29"
            year ::= [0-9]{4}
            leap-year ::= [0-9] [0-9] ( [02468] [48] | [2468] "0" | [13579] [26] ) | ( [02468] [048] | [13579] [26] ) "00"
            month31 ::= "01" | "03" | "05" | "07" | "08" | "10" | "12"
            month30 ::= "04" | "06" | "09" | "11"
            day31 ::= "0" [1-9] | [12] [0-9] | "3" [01]
            day30 ::= "0" [1-9] | [12] [0-9] | "30"
            day28 ::= "0" [1-9] | "1" [0-9] | "2" [0-8]
            time ::= hour ":" [0-5] [0-9] ":" [0-5] [0-9] ( "." [0-9]{1,9} )? ( "Z" | "+" offset | "-" negative-offset )
            hour ::= [01] [0-9] | "2" [0-3]
            offset ::= ( "0" [0-9] | "1" [0-7] ) ":" [0-5] [0-9] | "18:00"
            negative-offset ::= ( "0" [1-9] | "1" [0-7] ) ":" [0-5] [0-9] | "00:" ( "0" [1-9] | [1-5] [0-9] ) | "18:00"
            date-time ::= date "T" time
            uuid ::= hex{8} "-" hex{4} "-" hex{4} "-" hex{4} "-" hex{12}
            hex ::= [0-9a-f]
            email ::= atom ( "." atom ){0,3} "@" label ( "." label ){0,2} "." tld
            atom ::= [a-zA-Z0-9_+-]{1,15}
            label ::= [a-zA-Z0-9] ( [a-zA-Z0-9-]{0,20} [a-zA-Z0-9] )?
            tld ::= "com" | "org" | "net" | "edu" | "gov" | "io" | "dev" | "info" | "app" | "uk" | "de" | "fr" | "jp"
            ipv4 ::= octet "." octet "." octet "." octet
            octet ::= [0-9] | [1-9] [0-9] | "1" [0-9] [0-9] | "2" [0-4] [0-9] | "25" [0-5]
            hostname ::= label ( "." label ){0,4}
            uri ::= "http" "s"? "://" label ( "." label ){0,3} ( "/" [a-zA-Z0-9._~-]{0,20} ){0,4}
            """);

    /** True when we can generate strings of this format. */
    static boolean supports(String format) {
        return switch (format) {
            case "date", "time", "date-time", "uuid", "email", "ipv4", "hostname", "uri" -> true;
            default -> false;
        };
    }

    /** Adds the format's rules to {@code rules} (prefixed) and returns the expression for the string's content. */
    static Expr content(String format, Map<String, Expr> rules) {
        for (Map.Entry<String, Expr> e : RULES.entrySet()) rules.putIfAbsent("format-" + e.getKey(), prefixed(e.getValue()));
        return Expr.ref("format-" + format);
    }

    private static Expr prefixed(Expr e) {
        return switch (e) {
            case Expr.Ref r -> Expr.ref("format-" + r.rule());
            case Expr.Seq s -> new Expr.Seq(s.items().stream().map(StringFormats::prefixed).toList());
            case Expr.Alt a -> new Expr.Alt(a.options().stream().map(StringFormats::prefixed).toList());
            case Expr.Repeat r -> new Expr.Repeat(prefixed(r.item()), r.min(), r.max());
            default -> e;
        };
    }
}
