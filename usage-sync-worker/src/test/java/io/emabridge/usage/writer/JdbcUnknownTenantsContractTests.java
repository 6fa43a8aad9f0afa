package io.emabridge.usage.writer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.emabridge.usage.support.MigratedDatabase;

/** Unknown tenants against a real PostgreSQL. */
class JdbcUnknownTenantsContractTests extends UnknownTenantsContractTests {

	private static MigratedDatabase database;

	@BeforeAll
	static void migrate() {
		database = MigratedDatabase.create();
	}

	@AfterAll
	static void close() {
		database.close();
	}

	@Override
	protected UnknownTenants empty() {
		database.jdbc().update("delete from unknown_tenant");
		return new JdbcUnknownTenants(database.jdbc(), this.clock);
	}

}
