package io.emabridge.usage.tenantstate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.emabridge.usage.support.MigratedDatabase;

/** The tenant directory's contract against a real PostgreSQL. */
class JdbcTenantDirectoryContractTests extends TenantDirectoryContractTests {

	private static MigratedDatabase database;

	private static JdbcTenantDirectory directory;

	@BeforeAll
	static void migrate() {
		database = MigratedDatabase.create();
		directory = new JdbcTenantDirectory(database.jdbc());
	}

	@AfterAll
	static void close() {
		database.close();
	}

	@Override
	protected TenantDirectory directory() {
		return directory;
	}

}
