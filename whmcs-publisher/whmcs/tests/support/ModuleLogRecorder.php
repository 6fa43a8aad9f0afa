<?php

/** What the module wrote to the Module Log during a test. */
final class ModuleLogRecorder
{
    /** @var list<array{module: string, action: string, request: mixed, response: mixed, data: mixed, mask: array}> */
    public static array $calls = [];

    public static function record($module, $action, $request, $response, $data, $mask): void
    {
        self::$calls[] = [
            'module' => $module,
            'action' => $action,
            'request' => $request,
            'response' => $response,
            'data' => $data,
            'mask' => $mask,
        ];
    }

    public static function reset(): void
    {
        self::$calls = [];
    }

    /** Everything logged except the list of values to mask, as one string to search. */
    public static function loggedText(): string
    {
        return implode("\n", array_map(
            static fn (array $c) => print_r(
                [$c['module'], $c['action'], $c['request'], $c['response'], $c['data']],
                true
            ),
            self::$calls
        ));
    }
}
