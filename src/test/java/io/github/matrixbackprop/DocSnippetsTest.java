package io.github.matrixbackprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.matrixbackprop.DocSnippets.Block;
import io.github.matrixbackprop.DocSnippets.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles against the library and runs as
 * shown; the convention that turns a block into a program is in docs/testing.md and
 * {@link DocSnippets}.
 */
class DocSnippetsTest {

    /** Generous: the documents' examples train for seconds at most. */
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheDocumentsCompilesAndRuns() throws IOException {
        List<Block> blocks = DocSnippets.blocks(Path.of(""));
        assertTrue(blocks.stream().filter(b -> b.document().equals("README.md")).count() >= 2,
                "README.md's java blocks were not found: " + blocks);
        assertTrue(blocks.stream().anyMatch(b -> b.document().equals("docs/getting-started.md")),
                "docs/getting-started.md's java block was not found: " + blocks);
        // blocks fenced ```java spark need Spark: spark/ compiles and runs them (SparkDocSnippetsTest)
        return blocks.stream().filter(b -> !b.needsSpark())
                .map(b -> DynamicTest.dynamicTest(b.name(), () -> compileAndRun(b)));
    }

    private static void compileAndRun(Block block) throws IOException {
        Program program = DocSnippets.program(block);
        Path classes = Files.createTempDirectory("doc-snippet");
        try {
            String errors = DocSnippets.compile(program, System.getProperty("java.class.path"), classes);
            if (errors != null) {
                System.err.println(errors);
                fail(errors);
            }
            if (block.compileOnly()) {
                return;
            }
            List<String> before = workingDirectory();
            assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    DocSnippets.run(program, classes);
                } catch (AssertionError e) {
                    throw e;
                } catch (Throwable t) {
                    throw new AssertionError(block.name() + ": the block compiles but throws " + t, t);
                }
            }, block.name() + ": the block must finish quickly");
            assertEquals(before, workingDirectory(), block.name() + ": the block wrote into the working directory;"
                    + " write into a temporary directory or target/");
        } finally {
            delete(classes);
        }
    }

    private static List<String> workingDirectory() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("").toAbsolutePath())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Program only(String document, String markdown) {
        List<Block> blocks = DocSnippets.blocks(document, markdown);
        assertEquals(1, blocks.size(), blocks::toString);
        return DocSnippets.program(blocks.get(0));
    }

    @Test
    void statementsAreWrappedInAMainAfterTheirHoistedImports(@TempDir Path dir) throws Throwable {
        Program p = only("t.md", "# t\n\n```java\nimport java.util.List;\n\n// a list\n"
                + "List<Integer> xs = List.of(1, 2);\nSystem.out.println(xs);\n```\n");
        assertEquals("t.md:3", p.block().name());
        assertTrue(p.wrapped());
        assertEquals("Snippet", p.typeName());
        assertEquals(List.of("import java.util.List;", "public class Snippet {",
                "public static void main(String[] args) throws Exception {", "", "// a list",
                "List<Integer> xs = List.of(1, 2);", "System.out.println(xs);", "}", "}"), p.source());
        assertArrayEquals(new int[] {4, 0, 0, 5, 6, 7, 8, 0, 0}, p.documentLines());
        assertNull(DocSnippets.compile(p, System.getProperty("java.class.path"), dir));
        DocSnippets.run(p, dir);
    }

    @Test
    void whatTheBlockThrowsFailsItsTest(@TempDir Path dir) throws IOException {
        Program p = only("t.md", "```java\nthrow new IllegalStateException(\"boom\");\n```\n");
        assertNull(DocSnippets.compile(p, System.getProperty("java.class.path"), dir));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocSnippets.run(p, dir));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void anUndefinedVariableIsReportedAtItsLineInTheDocument(@TempDir Path dir) throws IOException {
        Program p = only("README.md", "text\n```java\nimport io.github.matrixbackprop.data.BundledDatasets;\n\n"
                + "int n = BundledDatasets.iris().dataset().size();\nSystem.out.println(trainingData);\n```\n");
        String report = DocSnippets.compile(p, System.getProperty("java.class.path"), dir);
        assertTrue(report != null && report.startsWith("README.md:2: the block does not compile"), report);
        assertTrue(report.contains("README.md:6: error: cannot find symbol"), report);
        assertTrue(report.contains("variable trainingData"), report);
        assertTrue(report.contains("    6 | System.out.println(trainingData);"), report);
    }

    @Test
    void aMissingImportIsReportedAtItsLineInTheDocument(@TempDir Path dir) throws IOException {
        Program p = only("docs/x.md", "```java\n// no imports\nLabeledData digits = BundledDatasets.digits();\n```\n");
        String report = DocSnippets.compile(p, System.getProperty("java.class.path"), dir);
        assertTrue(report != null && report.contains("docs/x.md:3: error: cannot find symbol"), report);
        assertTrue(report.contains("class LabeledData"), report);
    }

    @Test
    void aTypeDeclarationIsCompiledAsIsAndRunIfItHasAMain(@TempDir Path dir) throws Throwable {
        Program hello = only("t.md", "```java\n/** Greets. */\npublic class Hello {\n"
                + "    public static void main(String[] args) {\n"
                + "        System.out.println(\"hello\");\n    }\n}\n```\n");
        assertFalse(hello.wrapped());
        assertEquals("Hello", hello.typeName());
        assertEquals("Hello.java", hello.fileName());
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7}, hello.documentLines());
        assertNull(DocSnippets.compile(hello, System.getProperty("java.class.path"), dir));
        DocSnippets.run(hello, dir);
    }

    @Test
    void aCompileOnlyBlockIsCompiledAndAUnitWithoutMainCannotRun(@TempDir Path dir) throws IOException {
        String unit = "package demo.docs;\n\nimport java.util.function.DoubleUnaryOperator;\n\n"
                + "@FunctionalInterface\npublic interface Shape extends DoubleUnaryOperator {\n}\n```\n";
        Program compileOnly = only("t.md", "```java compile-only\n" + unit);
        assertTrue(compileOnly.block().compileOnly());
        assertFalse(compileOnly.wrapped());
        assertEquals("demo.docs.Shape", compileOnly.typeName());
        assertNull(DocSnippets.compile(compileOnly, System.getProperty("java.class.path"), dir));

        Program runnable = only("t.md", "```java\n" + unit);
        assertFalse(runnable.block().compileOnly());
        assertNull(DocSnippets.compile(runnable, System.getProperty("java.class.path"), dir));
        AssertionError e = assertThrows(AssertionError.class, () -> DocSnippets.run(runnable, dir));
        assertTrue(e.getMessage().startsWith("t.md:1: demo.docs.Shape has no public static void main(String[])"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("mark the block ```java compile-only if it cannot run"), e.getMessage());
    }

    @Test
    void anUnknownFenceOptionIsRejected() {
        List<Block> blocks = DocSnippets.blocks("t.md", "```java compile_only\nint x = 1;\n```\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DocSnippets.program(blocks.get(0)));
        assertEquals("t.md:1: unknown fence option 'compile_only'; the options are compile-only and spark",
                e.getMessage());
    }

    @Test
    void aSparkBlockIsMarkedForTheSparkModule() {
        List<Block> blocks = DocSnippets.blocks("t.md", "```java spark\nint x = 1;\n```\n```java\nint y = 2;\n```\n");
        assertEquals(List.of(true, false), blocks.stream().map(Block::needsSpark).toList());
        assertTrue(DocSnippets.program(blocks.get(0)).wrapped());
    }

    @Test
    void onlyJavaFencesAreBlocksAndLongerFencesHideInnerOnes() {
        String md = "```` ```java compile-only ```` starts a line but is inline code\n"
                + "```bash\nls\n```\n"
                + "````markdown\n```java\nint hidden = 1;\n```\n````\n"
                + "~~~java\nint x = 1;\n~~~\n"
                + "  ```java\n  int y = 2;\n  ```\n";
        List<Block> blocks = DocSnippets.blocks("t.md", md);
        assertEquals(2, blocks.size(), blocks::toString);
        assertEquals("t.md:10", blocks.get(0).name());
        assertEquals(List.of("int x = 1;"), blocks.get(0).lines());
        assertEquals("t.md:13", blocks.get(1).name());
        assertEquals(List.of("int y = 2;"), blocks.get(1).lines());
    }

    @Test
    void withoutTheDocumentsTheFailureSaysWhereItLooked(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocSnippets.blocks(dir));
        assertEquals("README.md and docs/ not found in " + dir.toAbsolutePath()
                + ": run the tests from the Maven project root", e.getMessage());
    }
}
