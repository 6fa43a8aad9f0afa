<?php

/*
 * A minimal WHMCS admin area around the addon, for the browser test:  php -S 127.0.0.1:<port> admin-router.php
 *
 * Environment: EMA_WHMCS_SQLITE (WHMCS's database, an SQLite file), EMA_ADDON_WORKER_URL, EMA_ADDON_ADMIN_TOKEN
 * and EMA_ADDON_USAGE_URL (the addon's settings, stored in tbladdonmodules at the first request).
 *
 * Serves /admin/addonmodules.php?module=easymailarchive (the addon's page), /admin/clientsservices.php (where its
 * service links lead) and /admin/systemactivitylog.php (the Activity Log). The admin is logged in through the
 * session; ?as=N switches to admin N (admin 2's role is not allowed by the addon's Access Control).
 */

require_once __DIR__ . '/admin_functions.php';
require_once __DIR__ . '/../stubs/Capsule.php';
require_once __DIR__ . '/../stubs/ProgramExit.php';
require_once __DIR__ . '/../stubs/csrf.php';
require_once __DIR__ . '/BrowserAdminArea.php';
require_once __DIR__ . '/../../modules/addons/easymailarchive/easymailarchive.php';

$path = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
session_start();
$_SESSION['adminid'] = isset($_GET['as']) ? (int) $_GET['as'] : ($_SESSION['adminid'] ?? 1);
BrowserAdminArea::seed(\WHMCS\Database\Capsule::connection()->getPdo());

header('Content-Type: text/html; charset=utf-8');
switch ($path) {
    case '/admin/addonmodules.php':
        echo BrowserAdminArea::addonPage();
        break;
    case '/admin/clientsservices.php':
        echo BrowserAdminArea::servicePage();
        break;
    case '/admin/systemactivitylog.php':
        echo BrowserAdminArea::activityLogPage();
        break;
    default:
        http_response_code(404);
        echo BrowserAdminArea::layout('Not Found', '', '<p>No such page.</p>');
}
return true;
