package io.emabridge.usage.writer;

/** The in-memory unknown tenants pass the contract of unknown tenants. */
class InMemoryUnknownTenantsContractTests extends UnknownTenantsContractTests {

	@Override
	protected UnknownTenants empty() {
		return new InMemoryUnknownTenants(this.clock);
	}

}
