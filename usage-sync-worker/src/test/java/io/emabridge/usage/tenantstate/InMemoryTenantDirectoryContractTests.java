package io.emabridge.usage.tenantstate;

/** The in-memory tenant directory passes the directory's contract. */
class InMemoryTenantDirectoryContractTests extends TenantDirectoryContractTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	@Override
	protected TenantDirectory directory() {
		return this.directory;
	}

}
