package io.emabridge.provisioning.drift;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar provisioning-worker-exec.jar reconcile [--fix] [--json] [--last] [--url ...]}:
 * runs a reconciliation on a running worker through its admin endpoint and prints the
 * report. While the run goes on it prints each step the worker reports (reading WHMCS,
 * the ledger, the archive, comparing, fixing, done) on standard error. Exit code 0: no
 * drift, 1: drift found, 2: the run could not be made or failed.
 */
@Command(name = ReconcileCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Compares WHMCS, the worker's ledger and the archive's tenants on a running worker and prints"
						+ " each difference; with --fix the worker corrects what it may (never deleting anything)."
						+ " Each step of the run is shown on standard error as the worker reaches it.",
				"Exit code: 0 no drift, 1 drift found, 2 error." })
public final class ReconcileCommand implements Callable<Integer> {

	public static final String NAME = "reconcile";

	static final String TOKEN_VARIABLE = "EMA_ADMIN_TOKEN";

	static final int CLEAN = 0;

	static final int DRIFT = 1;

	static final int ERROR = 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Spec
	private CommandSpec spec;

	@Option(names = "--url", defaultValue = "http://localhost:8081", paramLabel = "URL",
			description = "The worker's HTTP address (default: ${DEFAULT-VALUE})")
	private URI url;

	@Option(names = "--token", paramLabel = "TOKEN",
			description = "The worker's admin token (ema.admin.token); default: the environment variable "
					+ TOKEN_VARIABLE)
	private String token;

	@Option(names = "--fix", description = "Correct what may be corrected: corrective events, WHMCS Create, WHMCS"
			+ " write-back. Without it nothing is changed anywhere")
	private boolean fix;

	@Option(names = "--last", description = "Show the worker's last report instead of running one")
	private boolean last;

	@Option(names = "--json", description = "Print the report as the worker answers it (JSON)")
	private boolean json;

	@Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
			description = "How long to wait for the run (default: ${DEFAULT-VALUE})")
	private int timeoutSeconds;

	private final Map<String, String> environment;

	ReconcileCommand(Map<String, String> environment) {
		this.environment = environment;
	}

	/** The command line, with the process's environment. */
	public static CommandLine commandLine() {
		return commandLine(System.getenv());
	}

	static CommandLine commandLine(Map<String, String> environment) {
		CommandLine command = new CommandLine(new ReconcileCommand(environment));
		command.setExecutionExceptionHandler((ex, line, parsed) -> {
			line.getErr().println("reconcile: " + ex.getMessage());
			return ERROR;
		});
		// a usage error is an error like any other, not picocli's default of 2 by chance
		command.setParameterExceptionHandler((ex, args) -> {
			ex.getCommandLine().getErr().println("reconcile: " + ex.getMessage());
			ex.getCommandLine().usage(ex.getCommandLine().getErr());
			return ERROR;
		});
		return command;
	}

	/** Runs the command with these arguments; returns the exit code. */
	public static int run(String... args) {
		return commandLine().execute(args);
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		String token = (this.token != null) ? this.token : this.environment.get(TOKEN_VARIABLE);
		if (token == null || token.isBlank()) {
			err.println("reconcile: give the worker's admin token with --token or " + TOKEN_VARIABLE);
			return ERROR;
		}
		if (this.last && this.fix) {
			err.println("reconcile: --last shows a report and changes nothing: leave out --fix");
			return ERROR;
		}
		if (this.timeoutSeconds < 1) {
			err.println("reconcile: --timeout must be at least 1 second");
			return ERROR;
		}
		String base = this.url.toString().replaceAll("/+$", "");
		URI endpoint = URI.create(base + "/admin/reconcile" + (this.last ? "" : "?fix=" + this.fix));
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
			.timeout(Duration.ofSeconds(this.timeoutSeconds))
			.header("Authorization", "Bearer " + token.strip())
			// a worker that streams its steps answers them line by line; an older one the
			// report at the end
			.header("Accept", this.last ? "application/json" : "application/x-ndjson, application/json;q=0.9");
		request = this.last ? request.GET() : request.POST(HttpRequest.BodyPublishers.noBody());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		try (ReconcileProgressPrinter progress = new ReconcileProgressPrinter(err, System::nanoTime,
				"waiting for the worker at " + base)) {
			if (!this.last) {
				progress.startReminding(ReconcileProgressPrinter.REMINDER);
			}
			CompletableFuture<Integer> exchange;
			try {
				exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
					.thenApply((response) -> answer(response, progress, out, err));
			}
			catch (IllegalArgumentException ex) {
				err.println("reconcile: could not reach the worker at " + base + ": " + ex);
				return ERROR;
			}
			try {
				return exchange.get(this.timeoutSeconds, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				exchange.cancel(true);
				err.println("reconcile: the run took longer than " + this.timeoutSeconds + " s (--timeout); it may"
						+ " still be going on on the worker: --last shows its report once it is done");
				return ERROR;
			}
			catch (ExecutionException ex) {
				err.println("reconcile: could not reach the worker at " + base + ": " + ex.getCause());
				return ERROR;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				err.println("reconcile: interrupted");
				return ERROR;
			}
		}
	}

	private int answer(HttpResponse<Stream<String>> response, ReconcileProgressPrinter progress, PrintWriter out,
			PrintWriter err) {
		boolean steps = response.headers()
			.firstValue("Content-Type")
			.map((type) -> type.startsWith("application/x-ndjson"))
			.orElse(false);
		if (!steps) {
			return answer(response.statusCode(), response.body().collect(Collectors.joining("\n")), out, err);
		}
		try (Stream<String> lines = response.body()) {
			Iterator<String> iterator = lines.iterator();
			while (iterator.hasNext()) {
				JsonNode step = parse(iterator.next());
				if (step == null) {
					continue;
				}
				String phase = step.path("phase").asString("");
				String detail = step.path("detail").asString(null);
				if (phase.equals(ReconcileStep.Phase.DONE.value())) {
					progress.done();
					return answer(response.statusCode(), JSON.writeValueAsString(step.path("report")), out, err);
				}
				if (phase.equals(ReconcileStep.Phase.BUSY.value())) {
					err.println("reconcile: " + detail);
					return ERROR;
				}
				progress.step(phase, detail);
			}
		}
		err.println("reconcile: the worker's answer ended before the run did");
		return ERROR;
	}

	private int answer(int status, String text, PrintWriter out, PrintWriter err) {
		JsonNode body = parse(text);
		if (status == 401) {
			err.println("reconcile: the worker refused the admin token (401)");
			return ERROR;
		}
		if (body == null || !body.has("outcome")) {
			String detail = (body != null) ? body.path("detail").asString("") : "";
			if (status == 404 && detail.isEmpty()) {
				detail = "no /admin/reconcile there: is ema.admin.token set on the worker, and is this its address?";
			}
			err.println("reconcile: the worker answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
			return ERROR;
		}
		if (this.json) {
			out.println(text);
		}
		else {
			ReportTable.print(body, out);
		}
		out.flush();
		String outcome = body.path("outcome").asString("");
		if (outcome.equals("failed")) {
			err.println("reconcile: the run failed: " + body.path("error").asString(""));
			return ERROR;
		}
		return outcome.equals("clean") ? CLEAN : DRIFT;
	}

	private static JsonNode parse(String body) {
		try {
			return (body == null || body.isBlank()) ? null : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
