// The Ingot extension: the language (highlighting, comments, brackets) is declared in
// package.json; this file starts the language server, `ingot lsp`, over standard input and
// output, and restarts it when `ingot.path` changes. Diagnostics, hovers, completion and the
// code actions that apply fixes all come from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The client for `PATH lsp`, PATH being the `ingot.path` setting. */
function createClient() {
    const command = vscode.workspace.getConfiguration('ingot').get('path', 'ingot') || 'ingot';
    const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
    const clientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'ingot' },
            { scheme: 'untitled', language: 'ingot' },
        ],
        // The server re-reads the project file and the files it did not open when they change.
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.plan,*.rules,ingot.toml}'),
        },
    };
    return { command, client: new LanguageClient('ingot', 'Ingot', serverOptions, clientOptions) };
}

async function start() {
    const created = createClient();
    client = created.client;
    try {
        await client.start();
    } catch (error) {
        client = undefined;
        const message = error instanceof Error ? error.message : String(error);
        vscode.window.showErrorMessage(
            `Ingot: cannot start \`${created.command} lsp\` (${message}). ` +
                'Install ingot, or set `ingot.path` to the program.');
    }
}

async function stop() {
    if (client) {
        const running = client;
        client = undefined;
        await running.stop();
    }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
    context.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration(async (event) => {
            if (event.affectsConfiguration('ingot.path')) {
                await stop();
                await start();
            }
        }));
    await start();
}

function deactivate() {
    return stop();
}

module.exports = { activate, deactivate };
