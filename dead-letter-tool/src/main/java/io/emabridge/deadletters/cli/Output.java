package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Tables for people, JSON for scripts. */
final class Output {

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Output() {
	}

	static void json(PrintWriter out, Object value) {
		out.println(JSON.writeValueAsString(value));
	}

	/** A table with a header row, columns as wide as their widest cell. */
	static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
		List<List<String>> all = new ArrayList<>();
		all.add(header);
		all.addAll(rows);
		int[] widths = new int[header.size()];
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], cell(row.get(i)).length());
			}
		}
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.size(); i++) {
				String cell = cell(row.get(i));
				line.append(cell);
				if (i < row.size() - 1) {
					line.append(" ".repeat(widths[i] - cell.length() + 2));
				}
			}
			out.println(line);
		}
	}

	static String cell(Object value) {
		return (value != null) ? value.toString() : "-";
	}

}
