package io.github.matrixbackprop.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every block fenced {@code ```java spark} in the repository's README.md and docs/*.md compiles
 * against this module and runs in the shared local session (the core project's DocSnippetsTest
 * leaves these blocks out: they need Spark). The convention is the core project's: a block whose
 * first code line declares a type is a compilation unit, run through its {@code main} unless fenced
 * {@code compile-only}; any other block is statements, wrapped in a {@code main} after its hoisted
 * imports.
 */
class SparkDocSnippetsTest {

    private static final Pattern FENCE = Pattern.compile("^(`{3,})\\s*java\\s+(.*)$");
    private static final Pattern TYPE = Pattern.compile("^(?:public\\s+|final\\s+)*(?:class|record|interface)\\s+(\\w+)");

    /** A spark block: where it is, its lines, whether it only compiles. */
    private record Block(String name, List<String> lines, boolean compileOnly) {
    }

    @TestFactory
    Stream<DynamicTest> everySparkBlockOfTheDocumentsCompilesAndRuns() throws IOException {
        List<Block> blocks = blocks(Path.of("..").toAbsolutePath().normalize());
        assertTrue(blocks.stream().filter(b -> b.name().startsWith("docs/spark.md")).count() >= 2,
                "docs/spark.md's spark blocks were not found: " + blocks);
        SparkTestSession.get(); // the blocks' getOrCreate() finds this session
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> compileAndRun(b)));
    }

    private static List<Block> blocks(Path root) throws IOException {
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<Block> out = new ArrayList<>();
        for (Path doc : documents) {
            String name = root.relativize(doc).toString();
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = FENCE.matcher(lines.get(i));
                if (!m.matches() || !List.of(m.group(2).trim().split("\\s+")).contains("spark")) {
                    continue;
                }
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).trim().equals(m.group(1)); i++) {
                    body.add(lines.get(i));
                }
                out.add(new Block(name + ":" + (start + 1), body, m.group(2).contains("compile-only")));
            }
        }
        return out;
    }

    private static void compileAndRun(Block block) throws Exception {
        // the header: package, imports, comments and blank lines before the first code line
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : block.lines()) {
            String s = line.strip();
            boolean header = s.isEmpty() || s.startsWith("import ") || s.startsWith("package ") || s.startsWith("/")
                    || s.startsWith("*");
            if (body.isEmpty() && header) {
                imports.add(line);
            } else {
                body.add(line);
            }
        }
        Matcher declaration = TYPE.matcher(body.isEmpty() ? "" : body.get(0).strip());
        String type = declaration.find() ? declaration.group(1) : null;
        String source;
        String className;
        if (type != null) {
            source = String.join("\n", block.lines());
            String pkg = imports.stream().filter(l -> l.strip().startsWith("package ")).findFirst()
                    .map(l -> l.strip().replaceAll("package\\s+|;", "")).orElse("");
            className = pkg.isEmpty() ? type : pkg + "." + type;
        } else {
            className = "SparkSnippet";
            source = String.join("\n", imports) + "\npublic class SparkSnippet {\n"
                    + "public static void main(String[] args) throws Exception {\n" + String.join("\n", body) + "\n}\n}\n";
        }
        Path classes = Files.createTempDirectory("spark-snippet");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + simple + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "-proc:none"), null, List.of(file)).call();
        if (!ok) {
            StringBuilder report = new StringBuilder(block.name() + ": the block does not compile\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                report.append("line ").append(d.getLineNumber()).append(" of the program: ")
                        .append(d.getMessage(Locale.ROOT)).append('\n');
            }
            fail(report + source);
        }
        try {
            if (!block.compileOnly()) {
                run(block, className, classes);
            }
        } finally {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(Block block, String className, Path classes) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                SparkDocSnippetsTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw new AssertionError(block.name() + ": the block compiles but throws " + e.getCause(), e.getCause());
        }
    }
}
