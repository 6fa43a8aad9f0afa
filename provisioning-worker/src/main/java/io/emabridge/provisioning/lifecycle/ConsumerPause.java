package io.emabridge.provisioning.lifecycle;

import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.emabridge.provisioning.applier.ApplierLoop;
import io.emabridge.provisioning.archive.ArchiveCircuit;

/**
 * Pauses the lifecycle listener while no reseller account can take work (each account's
 * circuit is open or its key refused), and resumes it when one can. Recording more intent
 * while nothing can be applied only hides the outage: paused, the events wait in Kafka
 * (consumer lag shows them) and are recorded, newest wins, once the archive is back. The
 * container keeps polling while paused, so the consumer stays in its group and keeps its
 * partitions. While one account of several is down the listener keeps recording: the
 * other accounts' events must flow, and the applier skips the services of the one down.
 */
final class ConsumerPause {

	private static final Logger log = LoggerFactory.getLogger(ConsumerPause.class);

	private final KafkaListenerEndpointRegistry registry;

	private final ApplierLoop applier;

	private final BooleanSupplier noneAvailable;

	/**
	 * A pause that follows the accounts.
	 * @param noneAvailable whether no account can take work now (read without probing)
	 */
	ConsumerPause(KafkaListenerEndpointRegistry registry, ApplierLoop applier, BooleanSupplier noneAvailable) {
		this.registry = registry;
		this.applier = applier;
		this.noneAvailable = noneAvailable;
	}

	/** An account's circuit changed state. */
	void circuitChanged(ArchiveCircuit.State state) {
		if (state == ArchiveCircuit.State.HALF_OPEN) {
			return;
		}
		update((state == ArchiveCircuit.State.OPEN) ? "the archive circuit is open" : null);
	}

	/** An account's key became refused, or works again. */
	void keyChanged(boolean refused) {
		update(refused ? "the archive refuses the API key" : null);
	}

	private synchronized void update(String why) {
		MessageListenerContainer container = container();
		if (container == null) {
			return;
		}
		boolean pause = this.noneAvailable.getAsBoolean();
		if (pause && !container.isPauseRequested()) {
			log.warn("Pausing the lifecycle listener while {}", (why != null) ? why : "no account is available");
			container.pause();
		}
		else if (!pause && container.isPauseRequested()) {
			log.info("Resuming the lifecycle listener");
			container.resume();
			this.applier.wake();
		}
	}

	/**
	 * Listener containers of this instance whose pause was asked for (each has one or
	 * more consumers).
	 */
	int paused() {
		MessageListenerContainer container = container();
		return (container != null && container.isPauseRequested()) ? 1 : 0;
	}

	private MessageListenerContainer container() {
		return this.registry.getListenerContainer(LifecycleListener.ID);
	}

}
