package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;

/**
 * The CLI and the FUSE adapter reach the library only through {@link Vault}: every library
 * type they name is in the entry point's package, in a package meant for callers
 * ({@code error}, {@code event}, {@code source}, {@code remote}, and {@code fuse} for the CLI), or handed out
 * by a public method of the entry point or of a type it hands out. A command that reaches
 * around the entry point (constructs a reader, picks a chunk source) fails here, naming the file.
 */
class ApiBoundaryTest {
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.vaultfs\\.([a-z]+)\\.([A-Z]\\w*)");
    /** Utilities a caller needs beside the API, each with its reason. */
    private static final Map<String, String> ALSO_ALLOWED = Map.of(
            "org.vaultfs.crypt.Wipe", "wiping the password arrays the caller owns",
            "org.vaultfs.container.VaultPaths", "the grammar of vault paths, to turn user input into destinations",
            "org.vaultfs.fs.SystemLibraries", "binding libc and libfuse by file name, as the library binds them");

    @Test
    void theCliNamesOnlyWhatTheEntryPointHandsOut() throws IOException {
        Set<String> allowed = reachableFromEntryPoint();
        Map<String, Set<String>> bad = violations(Path.of("src/main/java/org/vaultfs/cli"), allowed, Set.of("fuse"));
        assertEquals(Map.of(), bad, "library types the CLI reaches around org.vaultfs.Vault for");
    }

    @Test
    void theFuseAdapterNamesOnlyWhatTheEntryPointHandsOut() throws IOException {
        Set<String> allowed = reachableFromEntryPoint();
        Map<String, Set<String>> bad = violations(Path.of("../vaultfs/src/main/java/org/vaultfs/fuse"), allowed, Set.of("fuse"));
        assertEquals(Map.of(), bad, "library types the FUSE adapter reaches around org.vaultfs.Vault for");
    }

    @Test
    void theReachableSetIsTheApiNotTheWholeLibrary() {
        Set<String> allowed = reachableFromEntryPoint();
        assertTrue(allowed.contains("org.vaultfs.fs.VaultFileSystem"), "the mount's view is handed out");
        assertTrue(!allowed.contains("org.vaultfs.container.VaultReader"), "the reader is internal: " + allowed);
        assertTrue(!allowed.contains("org.vaultfs.fs.ChunkSources"), "choosing a chunk source is internal");
    }

    @Test
    void theLibraryNeverPrints() throws IOException {
        Pattern printing = Pattern.compile("System\\.(out|err)\\b|printStackTrace\\(|java\\.io\\.PrintStream");
        Set<String> bad = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("../vaultfs/src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (printing.matcher(Files.readString(f)).find()) {
                    bad.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(Set.of(), bad, "library classes that print instead of reporting a VaultEvent");
    }

    private static Map<String, Set<String>> violations(Path dir, Set<String> allowed, Set<String> ownPackages) throws IOException {
        Map<String, Set<String>> bad = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String pkg = m.group(1);
                    String type = "org.vaultfs." + pkg + "." + m.group(2);
                    boolean ok = ownPackages.contains(pkg) || Set.of("error", "event", "source", "remote").contains(pkg)
                            || allowed.contains(type) || ALSO_ALLOWED.containsKey(type);
                    if (!ok) {
                        bad.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(type);
                    }
                }
            }
        }
        return bad;
    }

    /** Library types named in the public signatures of the entry point, closed over the types they name. */
    static Set<String> reachableFromEntryPoint() {
        Set<String> seen = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(Vault.class);
        todo.add(OpenOptions.class);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!c.getName().startsWith("org.vaultfs.") || !seen.add(c.getName().replace('$', '.'))) {
                continue;
            }
            // A nested type is named through its outer one (EditOptions.Builder), so the outer counts too.
            for (Class<?> outer = c.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
                todo.add(outer);
            }
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass().getName().startsWith("org.vaultfs.")) {
                    add(todo, m.getGenericReturnType());
                    for (Type t : m.getGenericParameterTypes()) {
                        add(todo, t);
                    }
                }
            }
            for (Constructor<?> k : c.getConstructors()) {
                for (Type t : k.getGenericParameterTypes()) {
                    add(todo, t);
                }
            }
            for (Field f : c.getFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    add(todo, f.getGenericType());
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    add(todo, rc.getGenericType());
                }
            }
            for (Class<?> nested : c.getClasses()) {
                todo.add(nested);
            }
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                for (Class<?> sub : c.getPermittedSubclasses() == null ? new Class<?>[0] : c.getPermittedSubclasses()) {
                    todo.add(sub);
                }
            }
        }
        return seen;
    }

    private static void add(Deque<Class<?>> todo, Type t) {
        if (t instanceof Class<?> c) {
            todo.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            add(todo, p.getRawType());
            for (Type a : p.getActualTypeArguments()) {
                add(todo, a);
            }
        } else if (t instanceof GenericArrayType g) {
            add(todo, g.getGenericComponentType());
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                add(todo, b);
            }
        }
    }
}
