<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * One module action: pick the event id (new, or the pending one on a retry), build the event,
 * send it to the gateway, and remember the outcome for the next retry and the admin's view.
 *
 * With an outbox, an event the gateway could not take (unreachable, timeout, 502/503/504 after
 * the client's short retries) is stored there and the action succeeds; the cron hook delivers it.
 * An action for a service that already has events in the outbox goes behind them without trying
 * the gateway, so that it can never overtake them (whether the outbox is switched on or not).
 */
final class EmaPublisher
{
    public function __construct(
        private readonly EmaPendingEvents $pending,
        private readonly EmaGatewayClient $gateway,
        private readonly EmaModuleLog $log,
        private readonly ?EmaOutbox $outbox = null,
        private readonly bool $outboxEnabled = false,
        private readonly EmaEventBuilder $builder = new EmaEventBuilder()
    ) {
    }

    /** The production wiring: the server record's gateway, WHMCS's database, curl. */
    public static function forParams(array $params): self
    {
        $config = EmaServerConfig::fromParams($params);
        $log = EmaModuleLog::forParams($params);
        $gateway = new EmaGatewayClient(
            $config->gatewayUrl(),
            $config->requireGatewaySecret(),
            new EmaHttpClient(),
            $log
        );
        return new self(
            new EmaPendingEvents(EmaPdoEventStore::fromCapsule()),
            $gateway,
            $log,
            EmaOutbox::fromCapsule(),
            $config->outboxEnabled()
        );
    }

    /**
     * @return array the event the gateway accepted, or that waits in the outbox
     * @throws EmaModuleException when it was not accepted; the message is for the admin
     */
    public function publish(string $action, string $type, array $params): array
    {
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null) {
            throw new EmaModuleException(
                'No service id in the module call: run the action from a service of this product'
            );
        }
        try {
            $identity = $this->pending->eventFor($serviceId, $type);
        } catch (Throwable $e) {
            throw new EmaModuleException(
                'Could not record the event in the WHMCS database (' . $e->getMessage() . '); nothing was sent — retry',
                0,
                $e
            );
        }
        $event = $this->builder->build($type, $identity['eventId'], $identity['occurredAt'], $params);
        $serverId = EmaEventBuilder::positiveInt($params['serverid'] ?? null) ?? 0;

        if ($this->outbox !== null && $this->holdsEarlierEvents($serviceId)) {
            $this->queue(
                $action,
                $serviceId,
                $serverId,
                $type,
                $event,
                'queued behind earlier events of this service that wait in the outbox'
            );
            return $event;
        }
        try {
            $ack = $this->gateway->publish($action, $event);
        } catch (EmaGatewayException $e) {
            if ($this->outbox !== null && $this->outboxEnabled && $e->unavailable()) {
                $this->queue($action, $serviceId, $serverId, $type, $event, $e->getMessage());
                return $event;
            }
            $this->remember($action, fn () => $this->pending->failed($serviceId, $type, $event, $e->getMessage()));
            throw $e;
        } catch (EmaModuleException $e) {
            $this->remember($action, fn () => $this->pending->failed($serviceId, $type, $event, $e->getMessage()));
            throw $e;
        }
        $where = isset($ack['partition'], $ack['offset'])
            ? 'partition ' . $ack['partition'] . ', offset ' . $ack['offset']
            : 'no position returned';
        // The event is in Kafka: report success even if remembering that fails. The pending event
        // then stays, which is harmless: it is only re-sent for a repeat of this same action.
        $this->remember($action, fn () => $this->pending->accepted($serviceId, $type, $event, $where));
        return $event;
    }

    private function holdsEarlierEvents(int $serviceId): bool
    {
        try {
            return $this->outbox->holds($serviceId);
        } catch (Throwable $e) {
            // Sending now could overtake an earlier event: refuse, and let the Module Queue retry.
            throw new EmaModuleException(
                'Could not read the outbox in the WHMCS database (' . $e->getMessage() . '); nothing was sent — retry',
                0,
                $e
            );
        }
    }

    /** @throws EmaModuleException when the row cannot be written: then the action fails as before */
    private function queue(
        string $action,
        int $serviceId,
        int $serverId,
        string $type,
        array $event,
        string $reason
    ): void {
        try {
            $this->outbox->enqueue($serviceId, $serverId, $action, $event, $reason);
        } catch (Throwable $e) {
            $message = 'The gateway could not take the event (' . $reason . ')'
                . ' and it could not be stored in the outbox (' . $e->getMessage() . ');'
                . ' the action stays in the Module Queue — retry';
            $this->remember($action, fn () => $this->pending->failed($serviceId, $type, $event, $message));
            throw new EmaModuleException($message, 0, $e);
        }
        $this->log->write(
            $action,
            ['serviceid' => $serviceId, 'event' => $event],
            'kept in the outbox: ' . $reason,
            ['outcome' => 'queued']
        );
        $this->remember($action, fn () => $this->pending->queued($serviceId, $type, $event, $reason));
    }

    private function remember(string $action, callable $write): void
    {
        try {
            $write();
        } catch (Throwable $e) {
            $this->log->write($action, 'record outcome in ' . EmaPdoEventStore::TABLE, $e->getMessage());
        }
    }
}
