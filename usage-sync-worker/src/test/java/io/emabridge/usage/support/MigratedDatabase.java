package io.emabridge.usage.support;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.testsupport.SharedPostgres;

/**
 * A database of its own on the shared PostgreSQL server with the worker's tables, for the
 * tests of one JDBC adapter.
 */
public final class MigratedDatabase implements AutoCloseable {

	private final HikariDataSource dataSource;

	private final JdbcTemplate jdbc;

	private MigratedDatabase(HikariDataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	public static MigratedDatabase create() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(dataSource).load().migrate();
		return new MigratedDatabase(dataSource);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
