<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * Easy Mail Archive provisioning module for WHMCS.
 *
 * Lifecycle actions (create, suspend, unsuspend, terminate) are not applied to the archive API
 * from here: each one becomes a signed event sent to the Easy Mail Archive event gateway, which
 * answers 202 only once the event is durably queued. Workers then apply the events to the
 * archive API (with retries) and write the tenant's slug and access URL back onto the service.
 * When the gateway cannot be reached the event waits in the module's outbox (unless the product
 * says "Module Queue") and the cron hook (hooks.php) delivers it. Any other refusal returns an
 * error, so WHMCS keeps the action in the Module Queue; retrying it re-sends the same event id,
 * which lets the workers drop duplicates.
 *
 * See README.md for the server record fields.
 */

require_once __DIR__ . '/lib/loader.php';

function easymailarchive_MetaData()
{
    return [
        'DisplayName' => 'Easy Mail Archive',
        'APIVersion' => '1.1',
        'RequiresServer' => true,
        'DefaultNonSSLPort' => '80',
        'DefaultSSLPort' => '443',
        'ServiceSingleSignOnLabel' => 'Log in to Easy Mail Archive',
        // Server Sync (ListAccounts) and usage billing match a tenant to a service by its slug, which
        // the provisioning worker writes into the "Archive slug" custom field. Not the username:
        // WHMCS fills that in itself from the domain before the worker has run. The plan is
        // configoption3.
        'ListAccountsUniqueIdentifierDisplayName' => 'Archive slug',
        'ListAccountsUniqueIdentifierField' => 'customfield.Archive slug',
        'ListAccountsProductField' => 'configoption3',
    ];
}

/**
 * Product settings, in this order: configoption1 = slug prefix, configoption2 = auto-generate
 * slug ("on" when ticked), configoption3 = plan, configoption4 = what an action does when the
 * gateway is down ("Outbox", the default, or "Module Queue").
 */
function easymailarchive_ConfigOptions()
{
    return [
        'Slug prefix' => [
            'Type' => 'text',
            'Size' => '25',
            'Default' => '',
            'Description' => 'Optional prefix for auto-generated slugs, e.g. mycompany-',
        ],
        'Auto-generate slug' => [
            'Type' => 'yesno',
            'Default' => 'on',
            'Description' => "Derive the tenant slug from the customer's domain or company name",
        ],
        'Plan' => [
            'Type' => 'text',
            'Size' => '25',
            'Default' => '',
            'Description' => 'Optional Easy Mail Archive plan for new tenants',
        ],
        'When the gateway is down' => [
            'Type' => 'dropdown',
            'Options' => 'Outbox,Module Queue',
            'Default' => 'Outbox',
            'Description' => 'Outbox: the action succeeds and the WHMCS cron delivers it later, in order.'
                . ' Module Queue: the action fails and waits in Utilities > Module Queue',
        ],
    ];
}

/**
 * Checks the reseller API key against the archive API and that the event gateway answers and
 * accepts our signature.
 */
function easymailarchive_TestConnection(array $params)
{
    $log = EmaModuleLog::forParams($params);
    $errors = [];
    try {
        $config = EmaServerConfig::fromParams($params);
        try {
            (new EmaArchiveClient(
                $config->archiveBaseUrl(),
                $config->archiveHost(),
                $config->requireApiKey(),
                new EmaHttpClient(5, 10),
                $log
            ))->checkApiKey();
        } catch (EmaModuleException $e) {
            $errors[] = $e->getMessage();
        }
        try {
            $ping = (new EmaGatewayClient(
                $config->gatewayUrl(),
                $config->requireGatewaySecret(),
                new EmaHttpClient(5, 10),
                $log
            ))->ping();
            if ($ping['kafka'] !== 'up') {
                $errors[] = 'Gateway reachable and signature accepted, but it reports Kafka '
                    . $ping['kafka'] . ': provisioning actions will fail until Kafka is back';
            }
        } catch (EmaModuleException $e) {
            $errors[] = $e->getMessage();
        }
    } catch (Throwable $e) {
        $errors[] = $log->failure('TestConnection', $params, $e);
    }

    return [
        'success' => $errors === [],
        'error' => implode(' | ', $errors),
    ];
}

function easymailarchive_CreateAccount(array $params)
{
    try {
        EmaPublisher::forParams($params)->publish('CreateAccount', EmaEventBuilder::CREATE, $params);
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('CreateAccount', $params, $e);
    }
    return 'success';
}

function easymailarchive_SuspendAccount(array $params)
{
    try {
        EmaPublisher::forParams($params)->publish('SuspendAccount', EmaEventBuilder::SUSPEND, $params);
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('SuspendAccount', $params, $e);
    }
    return 'success';
}

function easymailarchive_UnsuspendAccount(array $params)
{
    try {
        EmaPublisher::forParams($params)->publish('UnsuspendAccount', EmaEventBuilder::UNSUSPEND, $params);
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('UnsuspendAccount', $params, $e);
    }
    return 'success';
}

/** Terminate never deletes: the workers suspend the tenant and keep its data. */
function easymailarchive_TerminateAccount(array $params)
{
    try {
        EmaPublisher::forParams($params)->publish('TerminateAccount', EmaEventBuilder::TERMINATE, $params);
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('TerminateAccount', $params, $e);
    }
    return 'success';
}

/**
 * Adds the archive panel (access URL, status, log-in link) to WHMCS's own service overview,
 * which keeps showing the billing details. The status is the tenant's own, as the usage-sync
 * worker last read it from the archive, when the worker has it; no log-in link while the tenant
 * is suspended.
 */
function easymailarchive_ClientArea(array $params)
{
    try {
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        $pending = $serviceId !== null && EmaOutbox::fromCapsule()->holds($serviceId);
        $variables = EmaServiceView::fromParams($params)
            ->withTenantStatus(EmaServiceView::tenantStatusFromWorker($params))
            ->templateVariables($pending);
    } catch (Throwable $e) {
        EmaModuleLog::forParams($params)->failure('ClientArea', $params, $e);
        $variables = ['emaStatus' => 'provisioning', 'emaStatusLabel' => 'Unknown', 'emaArchiveUrl' => '',
            'emaSlug' => '', 'emaCanLogIn' => false, 'emaPendingDelivery' => false];
    }
    return [
        'tabOverviewModuleOutputTemplate' => 'templates/overview.tpl',
        'templateVariables' => $variables,
    ];
}

function easymailarchive_ServiceSingleSignOn(array $params)
{
    try {
        $view = EmaServiceView::fromParams($params);
        $url = $view->archiveUrl();
        if ($url === null) {
            return ['success' => false, 'errorMsg' => 'The archive is still being provisioned'];
        }
        if ($view->withTenantStatus(EmaServiceView::tenantStatusFromWorker($params))->status() === 'suspended') {
            return ['success' => false, 'errorMsg' => 'Access to the archive is suspended'];
        }
        return ['success' => true, 'redirectTo' => $url];
    } catch (Throwable $e) {
        return [
            'success' => false,
            'errorMsg' => EmaModuleLog::forParams($params)->failure('ServiceSingleSignOn', $params, $e),
        ];
    }
}

/**
 * Slug, URL, the last event sent for the service with its outcome, the events waiting in the
 * outbox, and the last failure the provisioning worker reported; every value is HTML-escaped.
 * Each part that cannot be read says "unavailable" and is written to the Module Log; the others
 * are still shown.
 */
function easymailarchive_AdminServicesTabFields(array $params)
{
    try {
        $view = EmaServiceView::fromParams($params);
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null) {
            return $view->adminFields(null);
        }
        $log = EmaModuleLog::forParams($params);
        try {
            $events = (new EmaPendingEvents(EmaPdoEventStore::fromCapsule()))->state($serviceId);
            $fields = $view->adminFields($events);
            try {
                $fields += EmaServiceView::outboxFields(EmaOutbox::fromCapsule()->ofService($serviceId));
            } catch (Throwable $e) {
                $log->failure('AdminServicesTabFields', $params, $e);
                $fields += ['Pending delivery' => 'unavailable: could not read ' . EmaOutbox::TABLE];
            }
        } catch (Throwable $e) {
            $log->failure('AdminServicesTabFields', $params, $e);
            $fields = $view->adminFields(null, 'could not read ' . EmaPdoEventStore::TABLE);
        }
        try {
            $activity = EmaActivityLog::fromCapsule();
            $report = $activity->newest($serviceId);
        } catch (Throwable $e) {
            $log->failure('AdminServicesTabFields', $params, $e);
            return $fields + ['Last failure' => 'unavailable: could not read ' . EmaActivityLog::TABLE];
        }
        $ticket = null;
        $ticketUnavailable = false;
        if ($report !== null && $report->kind === EmaServiceReport::FAILURE && $report->ticket !== null) {
            try {
                $ticket = $activity->ticket($report->ticket);
            } catch (Throwable $e) {
                $log->failure('AdminServicesTabFields', $params, $e);
                $ticketUnavailable = true;
            }
        }
        return $fields + EmaServiceView::lastFailureFields($report, $ticket, $ticketUnavailable);
    } catch (Throwable $e) {
        EmaModuleLog::forParams($params)->failure('AdminServicesTabFields', $params, $e);
        return [];
    }
}

/** Buttons on the admin's service page for events the gateway refused for good. */
function easymailarchive_AdminCustomButtonArray()
{
    return [
        'Retry outbox delivery' => 'RetryOutbox',
        'Discard failed outbox events' => 'DiscardOutbox',
    ];
}

/** Puts the service's failed outbox events back in the queue; the next cron run sends them. */
function easymailarchive_RetryOutbox(array $params)
{
    try {
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null) {
            throw new EmaModuleException(
                'No service id in the module call: run the action from a service of this product'
            );
        }
        $count = EmaOutbox::fromCapsule()->requeueFailed($serviceId);
        if ($count === 0) {
            return 'No failed outbox events for this service';
        }
        EmaModuleLog::forParams($params)->write(
            'RetryOutbox',
            EmaModuleLog::safeParams($params),
            $count . ' failed event(s) queued again for the next cron run'
        );
        return 'success';
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('RetryOutbox', $params, $e);
    }
}

/**
 * Deletes the service's failed outbox events, so that the later ones are sent. The admin then
 * redoes the action that should apply (e.g. Suspend), which becomes a new event.
 */
function easymailarchive_DiscardOutbox(array $params)
{
    try {
        $serviceId = EmaEventBuilder::positiveInt($params['serviceid'] ?? null);
        if ($serviceId === null) {
            throw new EmaModuleException(
                'No service id in the module call: run the action from a service of this product'
            );
        }
        $count = EmaOutbox::fromCapsule()->discardFailed($serviceId);
        if ($count === 0) {
            return 'No failed outbox events for this service';
        }
        EmaModuleLog::forParams($params)->write(
            'DiscardOutbox',
            EmaModuleLog::safeParams($params),
            $count . ' failed event(s) discarded'
        );
        return 'success';
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('DiscardOutbox', $params, $e);
    }
}

/**
 * Server Sync (WHMCS 7.8+, Utilities > Server Sync Tool): the archive tenants of the server's
 * reseller key, all pages, for WHMCS to compare with its services.
 */
function easymailarchive_ListAccounts(array $params)
{
    try {
        $config = EmaServerConfig::fromParams($params);
        $tenants = (new EmaArchiveClient(
            $config->archiveBaseUrl(),
            $config->archiveHost(),
            $config->requireApiKey(),
            new EmaHttpClient(5, 30),
            EmaModuleLog::forParams($params)
        ))->listTenants();
        return ['success' => true, 'accounts' => EmaServerSync::accounts($tenants)];
    } catch (Throwable $e) {
        return [
            'success' => false,
            'accounts' => [],
            'error' => EmaModuleLog::forParams($params)->failure('ListAccounts', $params, $e),
        ];
    }
}

/**
 * Called by WHMCS's daily cron once per server: the disk usage of the server's active and
 * suspended services, from the usage-sync worker's latest figures (storage rounded up to whole
 * MB). Services the worker has no figures for yet are left as they are. Active users and licenses
 * reach the services' custom fields from the worker itself.
 */
function easymailarchive_UsageUpdate(array $params)
{
    try {
        $config = EmaServerConfig::fromParams($params);
        $log = EmaModuleLog::forParams($params);
        $store = EmaUsageStore::fromCapsule();
        $services = $store->servicesOfServer((int) ($params['serverid'] ?? 0));
        if ($services === []) {
            return 'success';
        }
        $client = new EmaUsageClient($config->usageUrl(), $config->requireGatewaySecret(), new EmaHttpClient(), $log);
        $usage = $client->usage(array_keys($services), 'UsageUpdate');
        foreach ($usage as $serviceId => $figures) {
            if (isset($services[$serviceId])) {
                $store->updateDiskUsage($serviceId, (int) ($figures['storageBytes'] ?? 0));
            }
        }
        $log->write(
            'UsageUpdate',
            EmaModuleLog::safeParams($params),
            'Usage updated for ' . count($usage) . ' of ' . count($services) . ' services'
        );
        return 'success';
    } catch (Throwable $e) {
        return EmaModuleLog::forParams($params)->failure('UsageUpdate', $params, $e);
    }
}

/**
 * Usage billing provider (WHMCS 7.9+): "Active users", "Storage (GB)" and "Licenses" per tenant,
 * from the usage-sync worker. The interface it implements only exists inside WHMCS: elsewhere this
 * returns null.
 */
function easymailarchive_MetricProvider(array $params)
{
    if (!interface_exists('\WHMCS\UsageBilling\Contracts\Metrics\ProviderInterface')) {
        return null;
    }
    require_once __DIR__ . '/lib/MetricsProvider.php';
    return new EmaMetricsProvider($params);
}
