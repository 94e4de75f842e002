package io.github.matrixbackprop;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of the documents turned into programs, compiled in memory and run.
 * The convention (also in docs/testing.md): a block whose first code line, after leading
 * comments, {@code package} and {@code import} lines, is a type declaration is a compilation
 * unit, compiled as is and run if it has a {@code main}; any other block is statements: its
 * leading {@code import} lines are hoisted and the rest becomes the body of
 * {@code public static void main(String[] args) throws Exception} of a generated class. A fence
 * {@code ```java compile-only} is compiled but not run. A fence {@code ```java spark} marks a block
 * that needs Apache Spark: the spark module's {@code SparkDocSnippetsTest} compiles and runs it,
 * and this project's test leaves it out.
 */
final class DocSnippets {

    /** A java fence option: compile the block but do not run it. */
    static final String COMPILE_ONLY = "compile-only";

    /** A java fence option: the block needs Spark, and the spark module's tests compile and run it. */
    static final String SPARK = "spark";

    /** The class a block of statements is wrapped in. */
    static final String WRAPPER = "Snippet";

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*(.*)$");
    private static final Pattern TYPE = Pattern.compile("^(?:(?:public|protected|private|abstract|static|final|sealed"
            + "|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");

    private DocSnippets() {
    }

    /**
     * One fenced java block.
     *
     * @param document  the document's path relative to the project root, e.g. {@code docs/training.md}
     * @param fenceLine the 1-based line of the opening fence
     * @param lines     the block's lines, without the fences; line {@code i} is document line {@code fenceLine + 1 + i}
     * @param options   the words after {@code java} in the fence's info string
     */
    record Block(String document, int fenceLine, List<String> lines, List<String> options) {

        String name() {
            return document + ":" + fenceLine;
        }

        boolean compileOnly() {
            return options.contains(COMPILE_ONLY);
        }

        boolean needsSpark() {
            return options.contains(SPARK);
        }
    }

    /**
     * A block as one compilation unit.
     *
     * @param block         the block
     * @param typeName      the (qualified) name of the class whose {@code main} runs it
     * @param fileName      the source file's name, {@code TypeName.java}
     * @param source        the source's lines
     * @param documentLines for each source line, its 1-based line in the document, or 0 for a generated line
     * @param wrapped       whether the block's statements were wrapped in a generated class
     */
    record Program(Block block, String typeName, String fileName, List<String> source, int[] documentLines,
                   boolean wrapped) {

        String text() {
            return String.join("\n", source) + "\n";
        }
    }

    /** README.md and docs/*.md under {@code root}, in a fixed order; fails clearly if they are not there. */
    static List<Path> documents(Path root) throws IOException {
        Path readme = root.resolve("README.md");
        Path docs = root.resolve("docs");
        if (!Files.isRegularFile(readme) || !Files.isDirectory(docs)) {
            throw new IllegalStateException("README.md and docs/ not found in " + root.toAbsolutePath()
                    + ": run the tests from the Maven project root");
        }
        List<Path> out = new ArrayList<>(List.of(readme));
        try (Stream<Path> files = Files.list(docs)) {
            files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The java blocks of every document under {@code root}, named by paths relative to it. */
    static List<Block> blocks(Path root) throws IOException {
        List<Block> out = new ArrayList<>();
        for (Path doc : documents(root)) {
            String name = root.relativize(doc).toString().replace('\\', '/');
            out.addAll(blocks(name, Files.readString(doc, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The java blocks of one document's text: fences of three or more backticks or tildes, info string "java ...". */
    static List<Block> blocks(String document, String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches() || open.group(2).startsWith("`") && open.group(3).contains("`")) {
                // not a fence (CommonMark: a backtick fence's info string has no backticks)
                i++;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            List<String> info = Arrays.stream(open.group(3).strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.length && !closes(lines[i], fence); i++) {
                body.add(unindent(lines[i], indent));
            }
            i++;
            if (!info.isEmpty() && info.get(0).equals("java")) {
                out.add(new Block(document, start + 1, List.copyOf(body), info.subList(1, info.size())));
            }
        }
        return out;
    }

    private static boolean closes(String line, String fence) {
        String s = line.strip();
        return s.length() >= fence.length() && s.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String unindent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    /** The block as a compilation unit, following the convention above. */
    static Program program(Block b) {
        for (String option : b.options()) {
            if (!option.equals(COMPILE_ONLY) && !option.equals(SPARK)) {
                throw new IllegalArgumentException(b.name() + ": unknown fence option '" + option
                        + "'; the options are " + COMPILE_ONLY + " and " + SPARK);
            }
        }
        List<String> lines = b.lines();
        String pkg = null;
        List<Integer> imports = new ArrayList<>();
        int first = 0;
        boolean inComment = false;
        for (; first < lines.size(); first++) {
            String s = lines.get(first).strip();
            if (inComment) {
                inComment = !s.contains("*/");
            } else if (s.startsWith("/*")) {
                inComment = !s.contains("*/");
            } else if (s.startsWith("import ")) {
                imports.add(first);
            } else if (PACKAGE.matcher(s).find()) {
                Matcher m = PACKAGE.matcher(s);
                m.find();
                pkg = m.group(1);
            } else if (!s.isEmpty() && !s.startsWith("//")) {
                break;
            }
        }
        while (first < lines.size() && lines.get(first).strip().startsWith("@")) {
            first++; // annotations of a type declared below
        }
        String firstCode = first < lines.size() ? lines.get(first).strip() : "";
        if (pkg != null || TYPE.matcher(firstCode).find()) {
            return unit(b, pkg);
        }
        List<String> source = new ArrayList<>();
        List<Integer> map = new ArrayList<>();
        for (int i : imports) {
            source.add(lines.get(i));
            map.add(b.fenceLine() + 1 + i);
        }
        source.add("public class " + WRAPPER + " {");
        source.add("public static void main(String[] args) throws Exception {");
        map.add(0);
        map.add(0);
        for (int i = 0; i < lines.size(); i++) {
            if (!imports.contains(i)) {
                source.add(lines.get(i));
                map.add(b.fenceLine() + 1 + i);
            }
        }
        source.add("}");
        source.add("}");
        map.add(0);
        map.add(0);
        return new Program(b, WRAPPER, WRAPPER + ".java", source, map.stream().mapToInt(Integer::intValue).toArray(),
                true);
    }

    private static Program unit(Block b, String pkg) {
        String type = null;
        for (String line : b.lines()) {
            Matcher m = TYPE.matcher(line);
            if (m.find() && (type == null || line.startsWith("public "))) {
                type = m.group(1);
                if (line.startsWith("public ")) {
                    break;
                }
            }
        }
        if (type == null) {
            throw new IllegalArgumentException(b.name() + ": a compilation unit without a top-level type");
        }
        int[] map = new int[b.lines().size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = b.fenceLine() + 1 + i;
        }
        return new Program(b, pkg == null ? type : pkg + "." + type, type + ".java", b.lines(), map, false);
    }

    /**
     * Compiles {@code p} against {@code classpath} into {@code out}.
     *
     * @return null on success, else the compiler's diagnostics with document line numbers and the lines they name
     */
    static String compile(Program p, String classpath, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + p.fileName()),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return p.text();
            }
        };
        List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classpath, "-d", out.toString());
        StringWriter log = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            ok = javac.getTask(log, files, diagnostics, options, null, List.of(source)).call();
        }
        if (ok) {
            return null;
        }
        StringBuilder report = new StringBuilder(p.block().name()).append(": the block does not compile");
        if (p.wrapped()) {
            report.append(" (its statements were wrapped in the main method of class ").append(WRAPPER).append(')');
        }
        report.append(System.lineSeparator());
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            report.append(describe(p, d)).append(System.lineSeparator());
        }
        return report.append(log).toString();
    }

    /** One diagnostic as "document:line: kind: message" plus the document's line. */
    static String describe(Program p, Diagnostic<? extends JavaFileObject> d) {
        long line = d.getLineNumber();
        String kind = d.getKind().toString().toLowerCase(Locale.ROOT);
        String message = d.getMessage(Locale.ROOT);
        if (line < 1 || line > p.source().size()) {
            return p.block().name() + ": " + kind + ": " + message;
        }
        int docLine = p.documentLines()[(int) line - 1];
        if (docLine == 0) {
            return p.block().name() + " (generated line " + line + " of the wrapper): " + kind + ": " + message;
        }
        return p.block().document() + ":" + docLine + ": " + kind + ": " + message + System.lineSeparator() + "    "
                + docLine + " | " + p.source().get((int) line - 1);
    }

    /** Runs the compiled {@code p} from {@code classes} in a fresh class loader; rethrows what its main throws. */
    static void run(Program p, Path classes) throws Throwable {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                DocSnippets.class.getClassLoader())) {
            Method main = mainMethod(Class.forName(p.typeName(), true, loader));
            if (main == null) {
                throw new AssertionError(p.block().name() + ": " + p.typeName() + " has no public static void"
                        + " main(String[]); mark the block ```java " + COMPILE_ONLY + " if it cannot run");
            }
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static Method mainMethod(Class<?> c) {
        try {
            Method m = c.getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
