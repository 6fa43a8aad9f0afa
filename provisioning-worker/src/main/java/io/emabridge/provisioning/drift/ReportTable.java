package io.emabridge.provisioning.drift;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A report as the {@code reconcile} command prints it: a heading, one line per drift,
 * then the fixes.
 */
final class ReportTable {

	private static final String ROW = "%-23s %-9s %-24s %-11s %-10s %-17s %s%n";

	private ReportTable() {
	}

	static void print(JsonNode report, PrintWriter out) {
		out.printf("Reconciliation of %s (%s): %d services, %d tenants, %d in progress: %s%n",
				text(report.path("startedAt")), report.path("fix").asBoolean() ? "fix" : "report only",
				report.path("services").asInt(), report.path("tenants").asInt(), report.path("inProgress").size(),
				text(report.path("outcome")));
		JsonNode drifts = report.path("drifts");
		if (!drifts.isEmpty()) {
			out.println();
			out.printf(ROW, "KIND", "SERVICE", "SLUG", "WHMCS", "ARCHIVE", "REMEDY", "DETAIL");
			int fixable = 0;
			for (JsonNode drift : drifts) {
				out.printf(ROW, text(drift.path("kind")), text(drift.path("serviceId")), text(drift.path("slug")),
						text(drift.path("whmcsStatus")), text(drift.path("archiveStatus")), text(drift.path("remedy")),
						text(drift.path("detail")));
				fixable += drift.path("remedy").asString("none").equals("none") ? 0 : 1;
			}
			List<String> counts = new ArrayList<>();
			report.path("counts").forEachEntry((kind, count) -> {
				if (count.asInt() > 0) {
					counts.add(kind + " " + count.asInt());
				}
			});
			out.println();
			out.println("Drift: " + String.join(", ", counts));
			if (!report.path("fix").asBoolean() && fixable > 0) {
				out.println(fixable + " can be corrected: run again with --fix");
			}
		}
		JsonNode fixes = report.path("fixes");
		if (!fixes.isEmpty()) {
			out.println();
			out.println("Fixes:");
			for (JsonNode fix : fixes) {
				out.printf("  %-23s %-9s %-17s %-11s %s%n", text(fix.path("kind")), text(fix.path("serviceId")),
						text(fix.path("remedy")), text(fix.path("result")), text(fix.path("detail")));
			}
		}
	}

	private static String text(JsonNode node) {
		return (node.isMissingNode() || node.isNull()) ? "-" : node.asString();
	}

}
