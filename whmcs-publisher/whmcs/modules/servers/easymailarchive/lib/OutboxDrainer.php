<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Sends the outbox, oldest row first, from the WHMCS cron hook.
 *
 * One run at a time: a run takes the outbox lock (EmaOutboxLock) without waiting, and a run that
 * finds it held sends nothing, since the run holding it would otherwise send the same rows again.
 * A run sends at most MAX_ROWS_PER_RUN rows (rows it passes over, held behind a failed one or
 * waiting for an unavailable gateway, do not count), so that it ends in bounded time and the
 * rest is left to the next run.
 *
 * Each row is sent with its original eventId and occurredAt (the gateway client signs it with a
 * fresh timestamp) and deleted only after a 202. Order per service is kept:
 * - when a gateway is still unavailable, nothing more is sent to it in this run;
 * - a row refused for good (400, 401, 413...) is marked failed, written to the Module Log and the
 *   activity log, and holds back the later rows of its service until the admin retries or
 *   discards it from the service page;
 * - any other failure leaves the row queued for the next run and holds back its service.
 */
final class EmaOutboxDrainer
{
    /** Rows a run sends at most; the next cron run (a few minutes later) goes on with the rest. */
    public const MAX_ROWS_PER_RUN = 500;

    /** @var callable(int): EmaGatewayClient */
    private $gatewayForServer;

    /** @var callable(string): void */
    private $activityLog;

    private readonly EmaOutboxLock $lock;

    /**
     * @param callable(int): EmaGatewayClient $gatewayForServer throws EmaModuleException when the server cannot be used
     * @param callable(string): void|null $activityLog WHMCS's activity log
     * @param EmaOutboxLock|null $lock keeps runs from overlapping; by default in the outbox's database
     * @param int $maxRows rows a run sends at most
     */
    public function __construct(
        private readonly EmaOutbox $outbox,
        private readonly EmaPendingEvents $events,
        callable $gatewayForServer,
        private readonly EmaModuleLog $log,
        ?callable $activityLog = null,
        ?EmaOutboxLock $lock = null,
        private readonly int $maxRows = self::MAX_ROWS_PER_RUN
    ) {
        $this->gatewayForServer = $gatewayForServer;
        $this->lock = $lock ?? $outbox->lock();
        $this->activityLog = $activityLog ?? static function (string $line): void {
            if (function_exists('logActivity')) {
                logActivity($line);
            }
        };
    }

    /** The production wiring: WHMCS's database, the server records' gateway URL and secret. */
    public static function fromCapsule(): self
    {
        $servers = EmaServerDirectory::fromCapsule();
        $log = new EmaModuleLog();
        return new self(
            EmaOutbox::fromCapsule(),
            new EmaPendingEvents(EmaPdoEventStore::fromCapsule()),
            static function (int $serverId) use ($servers, $log): EmaGatewayClient {
                $config = EmaServerConfig::fromParams($servers->params($serverId));
                return new EmaGatewayClient(
                    $config->gatewayUrl(),
                    $config->requireGatewaySecret(),
                    new EmaHttpClient(5, 10),
                    EmaModuleLog::forParams($servers->params($serverId)),
                    2
                );
            },
            $log
        );
    }

    /** The cron hook's entry point: never throws at the WHMCS cron. */
    public static function cronRun(): void
    {
        try {
            self::fromCapsule()->drain();
        } catch (Throwable $e) {
            (new EmaModuleLog())->write('Outbox', 'cron run', 'Outbox delivery failed: ' . $e->getMessage());
            if (function_exists('logActivity')) {
                logActivity('Easy Mail Archive: outbox delivery failed: ' . $e->getMessage());
            }
        }
    }

    /**
     * @return array{sent: int, failed: int, waiting: int, busy: bool} what this run did; busy when
     *     another run held the outbox, so this one sent nothing
     */
    public function drain(): array
    {
        if (!$this->lock->acquire()) {
            $waiting = $this->outbox->count();
            $this->log->write(
                'Outbox',
                'cron run',
                'another cron run is delivering the outbox; this run left it to that one (' . $waiting . ' waiting)'
            );
            return ['sent' => 0, 'failed' => 0, 'waiting' => $waiting, 'busy' => true];
        }
        try {
            [$sent, $failed] = $this->send();
        } finally {
            try {
                $this->lock->release();
            } catch (Throwable $e) {
                // A named lock goes with the connection and a lease expires: later runs are not blocked for long.
                $this->log->write('Outbox', 'cron run', 'could not release the outbox lock: ' . $e->getMessage());
            }
        }
        $waiting = $this->outbox->count();
        if ($sent > 0 || $failed > 0) {
            $this->log->write(
                'Outbox',
                'cron run',
                'sent ' . $sent . ', refused ' . $failed . ', still in the outbox ' . $waiting
            );
        }
        return ['sent' => $sent, 'failed' => $failed, 'waiting' => $waiting, 'busy' => false];
    }

    /** @return array{0: int, 1: int} rows sent and refused, oldest first, at most maxRows attempts */
    private function send(): array
    {
        $sent = 0;
        $failed = 0;
        $attempts = 0;
        $heldServices = [];
        $unavailableServers = [];
        $gateways = [];

        foreach ($this->outbox->oldestFirst() as $row) {
            if (isset($heldServices[$row->serviceId])) {
                continue;
            }
            if ($row->failed() || isset($unavailableServers[$row->serverId])) {
                $heldServices[$row->serviceId] = true;
                continue;
            }
            if ($attempts >= $this->maxRows || !$this->lock->renew()) {
                // Out of budget, or the lease expired and another run took over: it sends the rest.
                break;
            }
            $attempts++;
            try {
                $gateways[$row->serverId] ??= ($this->gatewayForServer)($row->serverId);
                $ack = $gateways[$row->serverId]->publish('Outbox ' . $row->action, $row->event);
            } catch (EmaGatewayException $e) {
                $heldServices[$row->serviceId] = true;
                if ($e->permanent()) {
                    $this->refuse($row, $e->getMessage());
                    $failed++;
                } else {
                    $this->outbox->attemptFailed($row->id, $e->getMessage());
                    if ($e->unavailable()) {
                        $unavailableServers[$row->serverId] = true;
                    }
                }
                continue;
            } catch (EmaModuleException $e) {
                // The server record cannot be used (deleted, no URL or secret): fixing it needs the admin.
                $heldServices[$row->serviceId] = true;
                $unavailableServers[$row->serverId] = true;
                $this->outbox->attemptFailed($row->id, $e->getMessage());
                $this->log->write(
                    'Outbox ' . $row->action,
                    ['serviceid' => $row->serviceId, 'serverid' => $row->serverId],
                    $e->getMessage()
                );
                continue;
            }
            $this->outbox->delete($row->id);
            $sent++;
            $where = isset($ack['partition'], $ack['offset'])
                ? 'partition ' . $ack['partition'] . ', offset ' . $ack['offset']
                : 'no position returned';
            $this->remember($row, fn () => $this->events->accepted(
                $row->serviceId,
                (string) $row->event['type'],
                $row->event,
                $where . ', from the outbox'
            ));
        }
        return [$sent, $failed];
    }

    private function refuse(EmaOutboxRow $row, string $reason): void
    {
        $this->outbox->refused($row->id, $reason);
        $this->remember(
            $row,
            fn () => $this->events->failed($row->serviceId, (string) $row->event['type'], $row->event, $reason)
        );
        $line = 'Easy Mail Archive: event ' . $row->describe() . ' for service ID: ' . $row->serviceId
            . ' was refused by the gateway and is kept in the outbox as failed: ' . $reason
            . '. Later actions for this service wait behind it: fix the cause, then use "Retry outbox delivery"'
            . ' or "Discard failed outbox events" on the service.';
        try {
            ($this->activityLog)($line);
        } catch (Throwable $ignored) {
            // The Module Log below still has it.
        }
        $this->log->write(
            'Outbox ' . $row->action,
            ['serviceid' => $row->serviceId, 'event' => $row->event],
            $reason,
            ['outcome' => 'refused']
        );
    }

    private function remember(EmaOutboxRow $row, callable $write): void
    {
        try {
            $write();
        } catch (Throwable $e) {
            $this->log->write(
                'Outbox ' . $row->action,
                'record outcome in ' . EmaPdoEventStore::TABLE,
                $e->getMessage()
            );
        }
    }
}
