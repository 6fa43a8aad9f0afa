package io.emabridge.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Runs the WHMCS module's PHPUnit tests from the Java build, so one command runs every
 * test, and reports each PHPUnit test as a test of its own (from PHPUnit's JUnit XML
 * log): the build's test report lists them one by one, with their own outcome. Where PHP
 * is not installed the PHP tests are skipped, unless {@code EMA_REQUIRE_PHP=true} (as in
 * CI) makes that a failure.
 */
public final class PhpUnit {

	private PhpUnit() {
	}

	/** Skips the calling test when PHP or PHPUnit is missing and not required. */
	public static void assumeInstalled() {
		boolean installed = onPath("php") && onPath("phpunit");
		if (!installed && Boolean.parseBoolean(System.getenv("EMA_REQUIRE_PHP"))) {
			throw new AssertionError("php and phpunit are required (EMA_REQUIRE_PHP=true) but not installed");
		}
		Assumptions.assumeTrue(installed, "php and phpunit are not installed: the WHMCS module's tests are skipped");
	}

	/**
	 * Runs phpunit in {@code moduleRoot} (the folder of the module's {@code phpunit.xml})
	 * with the given arguments and environment; returns its exit code, its output and
	 * each test's outcome.
	 */
	public static Result run(Path moduleRoot, List<String> arguments, Map<String, String> environment)
			throws IOException, InterruptedException {
		Path report = Files.createTempFile("phpunit-", ".xml");
		List<String> command = new ArrayList<>(List.of("phpunit", "--colors=never", "--log-junit", report.toString()));
		command.addAll(arguments);
		// output to a file, so that a hung run is cut off by the timeout rather than
		// blocking on its pipe
		Path log = Files.createTempFile("phpunit-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(moduleRoot.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.deleteIfExists(log);
		if (!finished) {
			Files.deleteIfExists(report);
			throw new AssertionError("phpunit did not finish within 5 minutes:\n" + output);
		}
		System.out.println(output);
		List<TestCase> tests = readReport(report);
		Files.deleteIfExists(report);
		return new Result(process.exitValue(), output, tests);
	}

	/**
	 * The test cases of a JUnit XML log as PHPUnit 9 writes it, in the order they ran;
	 * none when the log is empty or missing (PHP died before writing it).
	 */
	static List<TestCase> readReport(Path report) {
		if (!Files.isRegularFile(report)) {
			return List.of();
		}
		Document document;
		try {
			if (Files.size(report) == 0) {
				return List.of();
			}
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			document = factory.newDocumentBuilder().parse(report.toFile());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read PHPUnit's JUnit log " + report, ex);
		}
		List<TestCase> tests = new ArrayList<>();
		NodeList cases = document.getElementsByTagName("testcase");
		for (int i = 0; i < cases.getLength(); i++) {
			tests.add(testCase((Element) cases.item(i)));
		}
		return tests;
	}

	private static TestCase testCase(Element element) {
		String className = element.getAttribute("class");
		if (className.isEmpty()) {
			className = ((Element) element.getParentNode()).getAttribute("name");
		}
		String file = element.getAttribute("file");
		int line = element.getAttribute("line").isEmpty() ? 0 : Integer.parseInt(element.getAttribute("line"));
		Outcome outcome = Outcome.PASSED;
		String message = "";
		NodeList children = element.getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			if (children.item(i).getNodeType() != Node.ELEMENT_NODE) {
				continue;
			}
			Element child = (Element) children.item(i);
			Outcome found = switch (child.getTagName()) {
				case "failure", "warning" -> Outcome.FAILED;
				case "error" -> Outcome.ERRORED;
				case "skipped" -> Outcome.SKIPPED;
				default -> null;
			};
			if (found != null && outcome == Outcome.PASSED) {
				outcome = found;
				message = child.getTextContent().strip();
			}
		}
		return new TestCase(className, element.getAttribute("name"), file.isEmpty() ? null : Path.of(file), line,
				outcome, message);
	}

	private static boolean onPath(String program) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a phpunit run came to.
	 *
	 * @param exitCode phpunit's exit code: 0 when every test passed and nothing was risky
	 * @param output what phpunit printed
	 * @param tests each test's outcome, in the order they ran
	 */
	public record Result(int exitCode, String output, List<TestCase> tests) {

		/**
		 * Each test of the run as a dynamic test of its own, grouped by its PHP class and
		 * named {@code Class::method} (the build's report names a test by its own display
		 * name only), followed by one that fails when phpunit failed for a reason no test
		 * shows (a fatal error, a risky test, no test at all).
		 */
		public Stream<DynamicNode> dynamicTests() {
			Map<String, List<TestCase>> byClass = new LinkedHashMap<>();
			this.tests
				.forEach((test) -> byClass.computeIfAbsent(test.className(), (name) -> new ArrayList<>()).add(test));
			Stream<DynamicNode> classes = byClass.entrySet()
				.stream()
				.map((entry) -> DynamicContainer.dynamicContainer(entry.getKey(),
						source(entry.getValue().get(0), false),
						entry.getValue()
							.stream()
							.map((test) -> DynamicTest.dynamicTest(test.className() + "::" + test.name(),
									source(test, true), test::verify))));
			DynamicTest wholeRun = DynamicTest.dynamicTest("phpunit ends cleanly", this::verifyWholeRun);
			return Stream.concat(classes, Stream.of(wholeRun));
		}

		private void verifyWholeRun() {
			boolean shown = this.tests.stream()
				.anyMatch((test) -> test.outcome() == Outcome.FAILED || test.outcome() == Outcome.ERRORED);
			if (this.tests.isEmpty() || (this.exitCode != 0 && !shown)) {
				throw new AssertionError("phpunit exited with " + this.exitCode + " and " + this.tests.size()
						+ " test(s):\n" + this.output);
			}
		}

		private static URI source(TestCase test, boolean withLine) {
			if (test.file() == null) {
				return null;
			}
			URI file = test.file().toUri();
			return (withLine && test.line() > 0) ? URI.create(file + "?line=" + test.line()) : file;
		}

	}

	/**
	 * One PHPUnit test's outcome.
	 *
	 * @param className the PHP test class
	 * @param name the test method, with its data set where it has one
	 * @param file the PHP file, or null
	 * @param line the test method's line, or 0
	 * @param outcome what came of it
	 * @param message PHPUnit's message and trace for a test that did not pass
	 */
	public record TestCase(String className, String name, Path file, int line, Outcome outcome, String message) {

		/** Passes, fails or skips as the PHPUnit test did. */
		public void verify() {
			switch (this.outcome) {
				case PASSED -> {
				}
				case SKIPPED -> Assumptions.abort("skipped by PHPUnit: " + this.message);
				case FAILED -> throw new AssertionError(this.className + "::" + this.name + "\n" + this.message);
				case ERRORED -> throw new PhpTestError(this.className + "::" + this.name + "\n" + this.message);
			}
		}

	}

	/** How a PHPUnit test ended. */
	public enum Outcome {

		/** Passed. */
		PASSED,
		/**
		 * An assertion failed, or PHPUnit warned (a failure under {@code failOnWarning}).
		 */
		FAILED,
		/** The test threw, or was risky. */
		ERRORED,
		/** Skipped or incomplete. */
		SKIPPED

	}

	/** A PHPUnit test that ended in an error rather than a failed assertion. */
	public static final class PhpTestError extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PhpTestError(String message) {
			super(message);
		}

	}

}
