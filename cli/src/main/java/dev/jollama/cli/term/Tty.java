package dev.jollama.cli.term;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Whether the standard streams are terminals (libc {@code isatty}), which decides plain versus rich output. */
public final class Tty {
    private Tty() {}

    public static final int STDIN = 0, STDOUT = 1, STDERR = 2;

    private static final MethodHandle ISATTY = isatty();

    private static MethodHandle isatty() {
        try {
            Linker linker = Linker.nativeLinker();
            Optional<java.lang.foreign.MemorySegment> symbol = linker.defaultLookup().find("isatty");
            return symbol.map(s -> linker.downcallHandle(s, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static boolean isTerminal(int fd) {
        if (ISATTY == null) return System.console() != null && System.console().isTerminal();
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
