package io.emabridge.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalPostgresTests {

	@TempDir
	Path dir;

	@Test
	void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
		try (LocalPostgres postgres = LocalPostgres.start(this.dir, 0)) {
			postgres.createDatabase("ledger_test");
			try (Connection connection = postgres.connect("ledger_test")) {
				connection.createStatement().execute("create table t (v text)");
				connection.createStatement().execute("insert into t values ('kept')");
			}
		}
		try (LocalPostgres postgres = LocalPostgres.start(this.dir, 0);
				Connection connection = postgres.connect("ledger_test")) {
			ResultSet rows = connection.createStatement().executeQuery("select v, version() from t");
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("kept");
			assertThat(rows.getString(2)).startsWith("PostgreSQL");
		}
	}

	@Test
	void createDatabaseIsIdempotentAndRefusesOddNames() {
		try (LocalPostgres postgres = LocalPostgres.start(this.dir, 0, LocalPostgres.fastUnsafeSettings())) {
			postgres.createDatabase("twice");
			postgres.createDatabase("twice");
			assertThatIllegalArgumentException().isThrownBy(() -> postgres.createDatabase("x; drop database y"));
		}
	}

}
