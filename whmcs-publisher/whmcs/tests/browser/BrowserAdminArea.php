<?php

/**
 * The part of WHMCS's admin area the browser test needs around the addon: its tables (tbladmins, tbladdonmodules,
 * tblactivitylog), the addon's page inside the admin layout for the roles its Access Control allows, as
 * admin/addonmodules.php does, and the pages its links lead to.
 */
final class BrowserAdminArea
{
    public const MODULE = 'easymailarchive';

    /** The addon's settings and access (role 1, "Full Administrator"), and the admin who is logged in. */
    public static function seed(PDO $pdo): void
    {
        $pdo->exec('CREATE TABLE IF NOT EXISTS tbladmins (id INTEGER PRIMARY KEY, roleid INT NOT NULL,'
            . ' username TEXT NOT NULL, firstname TEXT NOT NULL, lastname TEXT NOT NULL)');
        $pdo->exec("INSERT OR IGNORE INTO tbladmins VALUES (1, 1, 'jane', 'Jane', 'Operator')");
        $pdo->exec("INSERT OR IGNORE INTO tbladmins VALUES (2, 3, 'sam', 'Sam', 'Support')");
        $pdo->exec('CREATE TABLE IF NOT EXISTS tbladdonmodules (module TEXT NOT NULL, setting TEXT NOT NULL,'
            . ' value TEXT NOT NULL, PRIMARY KEY (module, setting))');
        $settings = [
            'version' => EmaAddonSettings::VERSION,
            'access' => '1',
            EmaAddonSettings::WORKER_URL => (string) getenv('EMA_ADDON_WORKER_URL'),
            EmaAddonSettings::ADMIN_TOKEN => (string) getenv('EMA_ADDON_ADMIN_TOKEN'),
            EmaAddonSettings::USAGE_URL => (string) getenv('EMA_ADDON_USAGE_URL'),
        ];
        $insert = $pdo->prepare('INSERT OR IGNORE INTO tbladdonmodules VALUES (?, ?, ?)');
        foreach ($settings as $setting => $value) {
            $insert->execute([self::MODULE, $setting, $value]);
        }
        $pdo->exec('CREATE TABLE IF NOT EXISTS tblactivitylog (id INTEGER PRIMARY KEY AUTOINCREMENT,'
            . " date DATETIME NOT NULL, description TEXT NOT NULL, user TEXT NOT NULL DEFAULT '',"
            . " userid INT NOT NULL DEFAULT 0, ipaddr TEXT NOT NULL DEFAULT '')");
    }

    public static function log(string $description): void
    {
        $admin = self::pdo()->prepare('SELECT username FROM tbladmins WHERE id = ?');
        $admin->execute([(int) ($_SESSION['adminid'] ?? 0)]);
        self::pdo()->prepare("INSERT INTO tblactivitylog (date, description, user, ipaddr) VALUES (?, ?, ?, ?)")
            ->execute([gmdate('Y-m-d H:i:s'), $description, (string) $admin->fetchColumn(), '127.0.0.1']);
    }

    /** admin/addonmodules.php?module=easymailarchive */
    public static function addonPage(): string
    {
        if (($_GET['module'] ?? '') !== self::MODULE) {
            return self::layout('Addon Modules', '', '<p>Invalid Module Name. Please Try Again.</p>');
        }
        $settings = [];
        $rows = self::pdo()->prepare('SELECT setting, value FROM tbladdonmodules WHERE module = ?');
        $rows->execute([self::MODULE]);
        foreach ($rows->fetchAll(PDO::FETCH_ASSOC) as $row) {
            $settings[$row['setting']] = $row['value'];
        }
        $role = self::pdo()->prepare('SELECT roleid FROM tbladmins WHERE id = ?');
        $role->execute([(int) ($_SESSION['adminid'] ?? 0)]);
        $config = easymailarchive_config();
        if (!in_array((string) $role->fetchColumn(), explode(',', $settings['access'] ?? ''), true)) {
            return self::layout($config['name'], '', '<p><b>Access Denied</b></p><p>You do not have permission to'
                . ' access this addon module.</p>');
        }
        $vars = ['module' => self::MODULE, 'modulelink' => 'addonmodules.php?module=' . self::MODULE] + $settings;
        $sidebar = easymailarchive_sidebar($vars);
        ob_start();
        easymailarchive_output($vars);
        return self::layout($config['name'], $sidebar, (string) ob_get_clean());
    }

    /** admin/clientsservices.php?productselect=N: where the addon's service links lead. */
    public static function servicePage(): string
    {
        $id = (int) ($_GET['productselect'] ?? 0);
        return self::layout('Products/Services', '', '<h2 id="service">Service #' . $id . '</h2>'
            . '<p>The client\'s product/service page.</p>');
    }

    /** admin/systemactivitylog.php: newest first. */
    public static function activityLogPage(): string
    {
        $rows = '';
        $lines = self::pdo()->query('SELECT date, description, user FROM tblactivitylog ORDER BY id DESC LIMIT 100');
        foreach ($lines->fetchAll(PDO::FETCH_ASSOC) as $line) {
            $rows .= '<tr><td>' . EmaHtml::e($line['date']) . '</td><td class="description">'
                . EmaHtml::e($line['description']) . '</td><td>' . EmaHtml::e($line['user']) . '</td></tr>';
        }
        return self::layout('Activity Log', '', '<table class="table" id="activity-log"><thead><tr><th>Date</th>'
            . '<th>Description</th><th>User</th></tr></thead><tbody>' . $rows . '</tbody></table>');
    }

    public static function layout(string $title, string $sidebar, string $content): string
    {
        return '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" /><title>' . EmaHtml::e($title)
            . ' - WHMCS admin</title><style>' . self::CSS . '</style></head><body>'
            . '<header><span class="brand">WHMCS</span> <a href="addonmodules.php?module=' . self::MODULE
            . '">Addons &gt; Easy Mail Archive bridge</a> <a href="systemactivitylog.php">Activity Log</a></header>'
            . '<div class="frame"><aside>' . $sidebar . '</aside><main><h1>' . EmaHtml::e($title) . '</h1>'
            . $content . '</main></div></body></html>';
    }

    private static function pdo(): PDO
    {
        return \WHMCS\Database\Capsule::connection()->getPdo();
    }

    private const CSS = 'body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;margin:0;color:#333}'
        . 'header{background:#1a4d80;color:#fff;padding:8px 16px}header a{color:#fff;margin-left:16px}'
        . '.brand{font-weight:bold}.frame{display:flex}aside{width:170px;background:#f2f2f2;padding:12px;'
        . 'min-height:100vh}aside ul{list-style:none;padding:0}aside li{margin:6px 0}main{flex:1;padding:8px 20px}'
        . 'h1{font-size:20px;font-weight:normal}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;'
        . 'margin-top:24px}h3{font-size:14px}table{border-collapse:collapse;width:100%;margin:8px 0}'
        . 'th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f7f7f7}'
        . '.table-striped tbody tr:nth-child(odd){background:#fafafa}.alert{padding:8px 12px;margin:8px 0;'
        . 'border:1px solid}.alert-success{background:#dff0d8;border-color:#b2d8a0}.alert-info{background:#d9edf7;'
        . 'border-color:#9acfea}.alert-warning{background:#fcf8e3;border-color:#f0d98a}.alert-danger{'
        . 'background:#f2dede;border-color:#e4b9b9}.btn{padding:4px 10px;border:1px solid #aaa;background:#fff;'
        . 'border-radius:3px;cursor:pointer;text-decoration:none;color:#333}.btn-primary{background:#337ab7;'
        . 'color:#fff}.btn-danger{background:#d9534f;color:#fff}.btn-xs{padding:1px 6px;font-size:12px}'
        . '.ema-hint,.ema-empty{color:#666}code{color:#c7254e}label{margin-right:8px}';
}
