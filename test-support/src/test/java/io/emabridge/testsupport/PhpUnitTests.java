package io.emabridge.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import io.emabridge.testsupport.PhpUnit.Outcome;
import io.emabridge.testsupport.PhpUnit.TestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * PHPUnit's JUnit log read into one test per PHPUnit test, without PHP: a log as PHPUnit
 * 9 writes it.
 */
class PhpUnitTests {

	private static final String LOG = """
			<?xml version="1.0" encoding="UTF-8"?>
			<testsuites>
			  <testsuite name="" tests="6">
			    <testsuite name="easymailarchive" tests="6">
			      <testsuite name="EventBuilderTest" file="/m/tests/EventBuilderTest.php" tests="4">
			        <testcase name="testCreateCarriesTheClient" class="EventBuilderTest" classname="EventBuilderTest"
			            file="/m/tests/EventBuilderTest.php" line="12" assertions="3" time="0.01"/>
			        <testsuite name="EventBuilderTest::testIds" tests="2">
			          <testcase name="testIds with data set #0" class="EventBuilderTest" classname="EventBuilderTest"
			              file="/m/tests/EventBuilderTest.php" line="30" assertions="1" time="0.01"/>
			          <testcase name="testIds with data set &quot;terminate&quot;" class="EventBuilderTest"
			              classname="EventBuilderTest" file="/m/tests/EventBuilderTest.php" line="30" assertions="1" time="0.01">
			            <failure type="PHPUnit\\Framework\\ExpectationFailedException">Failed asserting that 2 is 1.
			/m/tests/EventBuilderTest.php:33</failure>
			          </testcase>
			        </testsuite>
			        <testcase name="testNeedsSqlite" class="EventBuilderTest" classname="EventBuilderTest"
			            file="/m/tests/EventBuilderTest.php" line="40" assertions="0" time="0.0">
			          <skipped/>
			        </testcase>
			      </testsuite>
			      <testsuite name="OutboxTest" file="/m/tests/OutboxTest.php" tests="2">
			        <testcase name="testDrains" class="OutboxTest" classname="OutboxTest" file="/m/tests/OutboxTest.php"
			            line="8" assertions="0" time="0.01">
			          <error type="RuntimeException">RuntimeException: boom</error>
			        </testcase>
			        <testcase name="testWarns" class="OutboxTest" classname="OutboxTest" file="/m/tests/OutboxTest.php"
			            line="20" assertions="1" time="0.01">
			          <warning type="PHPUnit\\Framework\\Warning">deprecated</warning>
			        </testcase>
			      </testsuite>
			    </testsuite>
			  </testsuite>
			</testsuites>
			""";

	@TempDir
	Path dir;

	@Test
	void everyTestCaseIsReadWithItsClassLineAndOutcome() throws Exception {
		List<TestCase> tests = PhpUnit.readReport(log(LOG));

		assertThat(tests).extracting(TestCase::className, TestCase::name, TestCase::line, TestCase::outcome)
			.containsExactly(tuple("EventBuilderTest", "testCreateCarriesTheClient", 12, Outcome.PASSED),
					tuple("EventBuilderTest", "testIds with data set #0", 30, Outcome.PASSED),
					tuple("EventBuilderTest", "testIds with data set \"terminate\"", 30, Outcome.FAILED),
					tuple("EventBuilderTest", "testNeedsSqlite", 40, Outcome.SKIPPED),
					tuple("OutboxTest", "testDrains", 8, Outcome.ERRORED),
					tuple("OutboxTest", "testWarns", 20, Outcome.FAILED));
		assertThat(tests.get(2).message()).startsWith("Failed asserting that 2 is 1.");
		assertThat(tests.get(0).file()).isEqualTo(Path.of("/m/tests/EventBuilderTest.php"));
	}

	@Test
	void eachTestPassesFailsOrIsSkippedAsInPhpUnit() throws Exception {
		List<TestCase> tests = PhpUnit.readReport(log(LOG));

		assertThatNoException().isThrownBy(tests.get(0)::verify);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(tests.get(2)::verify)
			.withMessageContaining("EventBuilderTest::testIds with data set \"terminate\"")
			.withMessageContaining("Failed asserting that 2 is 1.");
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(tests.get(3)::verify);
		assertThatExceptionOfType(PhpUnit.PhpTestError.class).isThrownBy(tests.get(4)::verify)
			.withMessageContaining("RuntimeException: boom");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(tests.get(5)::verify)
			.withMessageContaining("deprecated");
	}

	@Test
	void theRunBecomesOneContainerPerClassAndACheckOfTheWholeRun() throws Exception {
		PhpUnit.Result result = new PhpUnit.Result(1, "FAILURES!", PhpUnit.readReport(log(LOG)));

		List<DynamicNode> nodes = result.dynamicTests().toList();

		assertThat(nodes).extracting(DynamicNode::getDisplayName)
			.containsExactly("EventBuilderTest", "OutboxTest", "phpunit ends cleanly");
		assertThat(((DynamicContainer) nodes.get(0)).getChildren()).extracting(DynamicNode::getDisplayName)
			.containsExactly("EventBuilderTest::testCreateCarriesTheClient",
					"EventBuilderTest::testIds with data set #0",
					"EventBuilderTest::testIds with data set \"terminate\"", "EventBuilderTest::testNeedsSqlite");
		assertThat(nodes.get(0).getTestSourceUri())
			.hasValueSatisfying((uri) -> assertThat(uri.getPath()).isEqualTo("/m/tests/EventBuilderTest.php"));
		// the failing tests show the failure; the whole run adds nothing
		assertThatNoException().isThrownBy(((DynamicTest) nodes.get(2)).getExecutable()::execute);
	}

	@Test
	void aRunThatFailedWithoutAFailingTestFailsTheWholeRunCheck() throws Exception {
		PhpUnit.Result risky = new PhpUnit.Result(1, "OK, but incomplete, skipped, or risky tests!",
				PhpUnit.readReport(log(LOG.replaceAll("(?s)<(failure|error|warning) .*?</\\1>", ""))));
		PhpUnit.Result died = new PhpUnit.Result(255, "PHP Fatal error: Uncaught Error",
				PhpUnit.readReport(this.dir.resolve("never-written.xml")));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> wholeRun(risky).execute())
			.withMessageContaining("risky");
		assertThat(died.tests()).isEmpty();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> wholeRun(died).execute())
			.withMessageContaining("PHP Fatal error");
	}

	private static Executable wholeRun(PhpUnit.Result result) {
		List<DynamicNode> nodes = result.dynamicTests().toList();
		return ((DynamicTest) nodes.get(nodes.size() - 1)).getExecutable();
	}

	private Path log(String xml) throws Exception {
		Path file = Files.createTempFile(this.dir, "phpunit-", ".xml");
		Files.writeString(file, xml.strip());
		return file;
	}

}
