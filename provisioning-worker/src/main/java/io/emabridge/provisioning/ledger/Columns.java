package io.emabridge.provisioning.ledger;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The rows of a multi-row statement as one array per column, for {@code unnest}:
 * PostgreSQL plans and runs one statement for the whole batch.
 */
final class Columns {

	private final Object[][] values;

	private int row;

	Columns(int rows, int columns) {
		this.values = new Object[columns][rows];
	}

	void add(Object... row) {
		for (int column = 0; column < row.length; column++) {
			this.values[column][this.row] = row[column];
		}
		this.row++;
	}

	/**
	 * Binds each column as an array of its element type, from parameter {@code first} on.
	 */
	void bind(PreparedStatement ps, int first, String... types) throws SQLException {
		for (int column = 0; column < types.length; column++) {
			Object[] array = this.values[column];
			if ("bytea".equals(types[column])) {
				array = Arrays.copyOf(array, array.length, byte[][].class);
			}
			ps.setArray(first + column, ps.getConnection().createArrayOf(types[column], array));
		}
	}

}
