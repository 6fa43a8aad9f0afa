<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// The server module ships in the same package: its HTTP client and outbox table are used here too. Without it
// the addon still loads, so that activating it can say what is missing (easymailarchive_activate).
if (is_file(__DIR__ . '/../../../servers/easymailarchive/lib/loader.php')) {
    require_once __DIR__ . '/../../../servers/easymailarchive/lib/loader.php';
}

// Classes live in the global namespace with an "Ema" prefix, as in the server module (a namespace declaration
// would have to come before the WHMCS guard above).
require_once __DIR__ . '/Html.php';
require_once __DIR__ . '/AddonSettings.php';
require_once __DIR__ . '/WorkerError.php';
require_once __DIR__ . '/WorkerAdmin.php';
require_once __DIR__ . '/AddonAdmin.php';
require_once __DIR__ . '/PlainWords.php';
require_once __DIR__ . '/ReplaySelection.php';
require_once __DIR__ . '/AddonActions.php';
require_once __DIR__ . '/AddonPage.php';
