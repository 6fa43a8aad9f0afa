package io.emabridge.usage.writer;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.emabridge.usage.support.MigratedDatabase;

/** The store of written usage against a real PostgreSQL. */
class JdbcWrittenUsageStoreContractTests extends WrittenUsageStoreContractTests {

	private static MigratedDatabase database;

	private static JdbcWrittenUsageStore store;

	@BeforeAll
	static void migrate() {
		database = MigratedDatabase.create();
		store = new JdbcWrittenUsageStore(database.jdbc(), Clock.systemUTC());
	}

	@AfterAll
	static void close() {
		database.close();
	}

	@Override
	protected WrittenUsageStore store() {
		return store;
	}

}
