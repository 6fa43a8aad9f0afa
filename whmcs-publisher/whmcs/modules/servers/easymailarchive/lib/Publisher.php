<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * One module action: pick the event id (new, or the pending one on a retry), build the event,
 * send it to the gateway, and remember the outcome for the next retry and the admin's view.
 */
final class EmaPublisher
{
    public function __construct(
        private readonly EmaPendingEvents $pending,
        private readonly EmaGatewayClient $gateway,
        private readonly EmaModuleLog $log,
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
        return new self(new EmaPendingEvents(EmaPdoEventStore::fromCapsule()), $gateway, $log);
    }

    /**
     * @return array the event the gateway accepted
     * @throws EmaModuleException when it was not accepted; the message is for the admin
     */
    public function publish(string $action, string $type, array $params): array
    {
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null) {
            throw new EmaModuleException('No service id in the module call: run the action from a service of this product');
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

        try {
            $ack = $this->gateway->publish($action, $event);
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

    private function remember(string $action, callable $write): void
    {
        try {
            $write();
        } catch (Throwable $e) {
            $this->log->write($action, 'record outcome in ' . EmaPdoEventStore::TABLE, $e->getMessage());
        }
    }
}
