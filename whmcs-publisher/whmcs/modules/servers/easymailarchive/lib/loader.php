<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// Classes live in the global namespace with an "Ema" prefix: a namespace declaration would have
// to come before the WHMCS guard above, which every file of the module starts with.
require_once __DIR__ . '/ModuleException.php';
require_once __DIR__ . '/EventBuilder.php';
require_once __DIR__ . '/HttpClient.php';
require_once __DIR__ . '/HttpResponse.php';
require_once __DIR__ . '/ModuleLog.php';
require_once __DIR__ . '/ServerConfig.php';
require_once __DIR__ . '/GatewayClient.php';
require_once __DIR__ . '/GatewayException.php';
require_once __DIR__ . '/ArchiveClient.php';
require_once __DIR__ . '/EventStore.php';
require_once __DIR__ . '/ServiceEvents.php';
require_once __DIR__ . '/PdoEventStore.php';
require_once __DIR__ . '/PendingEvents.php';
require_once __DIR__ . '/Outbox.php';
require_once __DIR__ . '/OutboxRow.php';
require_once __DIR__ . '/OutboxLock.php';
require_once __DIR__ . '/OutboxDrainer.php';
require_once __DIR__ . '/ServerDirectory.php';
require_once __DIR__ . '/Publisher.php';
require_once __DIR__ . '/ActivityLog.php';
require_once __DIR__ . '/ServiceReport.php';
require_once __DIR__ . '/ServiceView.php';
require_once __DIR__ . '/ServerSync.php';
require_once __DIR__ . '/UsageClient.php';
require_once __DIR__ . '/UsageStore.php';
require_once __DIR__ . '/FailureLog.php';
