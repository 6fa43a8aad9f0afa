package io.emabridge.usage.writer;

/** The in-memory store of written usage passes the store's contract. */
class InMemoryWrittenUsageStoreContractTests extends WrittenUsageStoreContractTests {

	private final InMemoryWrittenUsageStore store = new InMemoryWrittenUsageStore();

	@Override
	protected WrittenUsageStore store() {
		return this.store;
	}

}
