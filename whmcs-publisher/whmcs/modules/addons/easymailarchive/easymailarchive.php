<?php

/**
 * Easy Mail Archive bridge: the operator's page in WHMCS (Addons > Easy Mail Archive bridge).
 *
 * Shows the bridge's health, the events the provisioning worker could not apply (and replays them), the drift
 * between WHMCS, the worker's ledger and the archive (and fixes or adopts), and the services that wait for a person.
 * Everything goes through the provisioning worker's admin API, called from here with the admin token: the token
 * never reaches the browser. Every action needs WHMCS's CSRF token and is written to the Activity Log with the
 * admin's name. Which admin roles may open the page is WHMCS's own Access Control of addon modules.
 *
 * Ships with the server module (modules/servers/easymailarchive), whose HTTP client and outbox table it uses.
 */

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

require_once __DIR__ . '/lib/loader.php';

/** The module's name, description and settings (System Settings > Addon Modules > Configure). */
function easymailarchive_config()
{
    return [
        'name' => 'Easy Mail Archive bridge',
        'description' => 'Health, failed events (replay), drift (fix, import, adopt) and waiting services of the'
            . ' Easy Mail Archive bridge, through the provisioning worker\'s admin API.',
        'author' => 'Easy Mail Archive',
        'language' => 'english',
        'version' => EmaAddonSettings::VERSION,
        'fields' => [
            EmaAddonSettings::WORKER_URL => [
                'FriendlyName' => 'Provisioning worker admin URL',
                'Type' => 'text',
                'Size' => '60',
                'Default' => 'http://127.0.0.1:8081',
                'Description' => 'Where this WHMCS server reaches the provisioning worker\'s port (/admin/...)',
            ],
            EmaAddonSettings::ADMIN_TOKEN => [
                'FriendlyName' => 'Admin token',
                'Type' => 'password',
                'Size' => '60',
                'Description' => 'The workers\' admin token (EMA_ADMIN_TOKEN); used from WHMCS only, never sent to'
                    . ' the browser',
            ],
            EmaAddonSettings::USAGE_URL => [
                'FriendlyName' => 'Usage worker admin URL (optional)',
                'Type' => 'text',
                'Size' => '60',
                'Default' => '',
                'Description' => 'The usage-sync worker\'s port, for the last usage collection (same admin token)',
            ],
        ],
    ];
}

/** Nothing to create: the page keeps no data of its own. Checks that the server module is there. */
function easymailarchive_activate()
{
    if (!class_exists('EmaOutbox')) {
        return [
            'status' => 'error',
            'description' => 'The Easy Mail Archive server module (modules/servers/easymailarchive) is missing:'
                . ' upload the whole package.',
        ];
    }
    return [
        'status' => 'success',
        'description' => 'Easy Mail Archive bridge activated. Under Access Control tick the admin roles that may'
            . ' operate the bridge (replay, fix, adopt), then set the provisioning worker\'s admin URL and token.',
    ];
}

/** Nothing to remove. */
function easymailarchive_deactivate()
{
    return ['status' => 'success', 'description' => 'Easy Mail Archive bridge deactivated; nothing was removed.'];
}

/** The page: runs the action the admin posted (CSRF-checked), then shows every section. */
function easymailarchive_output($vars)
{
    $vars = is_array($vars) ? $vars : [];
    try {
        $settings = EmaAddonSettings::fromVars($vars);
        $worker = EmaWorkerAdmin::fromSettings($settings);
        $result = null;
        $action = isset($_POST['ema_action']) && is_string($_POST['ema_action']) ? $_POST['ema_action'] : '';
        if ($action !== '') {
            $result = (new EmaAddonActions($worker, EmaAddonAdmin::current()))->handle($action, $_POST);
        }
        echo (new EmaAddonPage($settings, $worker))->render($_GET, $result);
    } catch (Throwable $e) {
        // No stack trace on the page: what failed, in one line.
        echo '<div class="alert alert-danger">Easy Mail Archive bridge: the page could not be shown ('
            . EmaHtml::e($e->getMessage()) . ').</div>';
    }
}

/** Links to the page's sections, in WHMCS's sidebar. */
function easymailarchive_sidebar($vars)
{
    $link = EmaHtml::e((string) (is_array($vars) ? ($vars['modulelink'] ?? '') : ''));
    $items = '';
    foreach (EmaAddonPage::SECTIONS as $anchor => $title) {
        $items .= '<li><a href="' . $link . '#' . $anchor . '">' . EmaHtml::e($title) . '</a></li>';
    }
    return '<span class="header">Easy Mail Archive</span><ul class="menu">' . $items . '</ul>';
}
