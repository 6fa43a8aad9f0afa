package io.emabridge.provisioning.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.emabridge.provisioning.applier.ApplierLoop;
import io.emabridge.provisioning.archive.ArchiveCircuit;

/**
 * Pauses the lifecycle listener while the archive circuit is open or the archive refuses
 * the API key, and resumes it when both are over. Recording more intent while nothing can
 * be applied only hides the outage: paused, the events wait in Kafka (consumer lag shows
 * them) and are recorded, newest wins, once the archive is back. The container keeps
 * polling while paused, so the consumer stays in its group and keeps its partitions.
 */
final class ConsumerPause {

	private static final Logger log = LoggerFactory.getLogger(ConsumerPause.class);

	private final KafkaListenerEndpointRegistry registry;

	private final ApplierLoop applier;

	private volatile boolean circuitOpen;

	private volatile boolean keyRefused;

	ConsumerPause(KafkaListenerEndpointRegistry registry, ApplierLoop applier) {
		this.registry = registry;
		this.applier = applier;
	}

	void circuitChanged(ArchiveCircuit.State state) {
		if (state == ArchiveCircuit.State.HALF_OPEN) {
			return;
		}
		this.circuitOpen = state == ArchiveCircuit.State.OPEN;
		update(this.circuitOpen ? "the archive circuit is open" : null);
	}

	void keyChanged(boolean refused) {
		this.keyRefused = refused;
		update(refused ? "the archive refuses the API key" : null);
	}

	private synchronized void update(String why) {
		MessageListenerContainer container = container();
		if (container == null) {
			return;
		}
		boolean pause = this.circuitOpen || this.keyRefused;
		if (pause && !container.isPauseRequested()) {
			log.warn("Pausing the lifecycle listener while {}", why);
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
