package io.emabridge.provisioning.decisions;

import java.time.Duration;

import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.LedgerContractTests;

/**
 * The in-memory ledger of the applier's tests passes the ledger's contract, as the
 * PostgreSQL one does.
 */
class InMemoryLedgerContractTests extends LedgerContractTests {

	private final InMemoryLedger ledger = new InMemoryLedger();

	@Override
	protected Ledger ledger() {
		return this.ledger;
	}

	@Override
	protected Duration lease() {
		return InMemoryLedger.LEASE;
	}

}
