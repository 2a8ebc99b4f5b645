// The few things the pages do in the browser: save a file, switch the language, and the YAML editors (Monaco,
// from the BlazorMonaco package's own files: nothing is fetched from elsewhere).
window.scorer = {
  // Marks the page interactive (the server connection is up), so a reader's actions and the tests can start.
  ready: function () { document.body.setAttribute('data-interactive', '1'); },

  // Saves bytes sent from the server as a file.
  save: async function (name, type, streamRef) {
    const buffer = await streamRef.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: type }));
    const a = document.createElement('a');
    a.href = url; a.download = name; a.style.display = 'none';
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  },

  // Chinese first; English when chosen. Kept a year in a cookie and read by the server on the next request.
  setLanguage: function (code) {
    document.cookie = 'as-lang=' + (code === 'en' ? 'en' : 'zh') + '; path=/; max-age=31536000; samesite=lax';
    location.reload();
  },

  editors: {},
  monaco: null,

  loadMonaco: function () {
    if (window.scorer.monaco) return window.scorer.monaco;
    window.scorer.monaco = new Promise(function (resolve, reject) {
      const base = document.baseURI.replace(/\/$/, '') + '/_content/BlazorMonaco/lib/monaco-editor/min/vs';
      const s = document.createElement('script');
      s.src = base + '/loader.js';
      s.onerror = function () { reject(new Error('the editor files could not be loaded')); };
      s.onload = function () {
        window.require.config({ paths: { vs: base } });
        window.require(['vs/editor/editor.main'], function () { resolve(window.monaco); }, reject);
      };
      document.head.appendChild(s);
    });
    return window.scorer.monaco;
  },

  // Creates an editor in the element with this id; changes are sent to the component (after a short pause in typing).
  createEditor: async function (id, text, language, label, component, completions) {
    const monaco = await window.scorer.loadMonaco();
    const host = document.getElementById(id);
    if (!host) return;
    if (window.scorer.editors[id]) window.scorer.editors[id].dispose();
    const editor = monaco.editor.create(host, {
      value: text, language: language, automaticLayout: true, minimap: { enabled: false },
      ariaLabel: label, scrollBeyondLastLine: false, fontSize: 13, tabSize: 2, insertSpaces: true,
    });
    window.scorer.editors[id] = editor;
    host.setAttribute('data-ready', '1');
    if (completions && !window.scorer.completionsRegistered) {
      window.scorer.completionsRegistered = true;
      monaco.languages.registerCompletionItemProvider('yaml', {
        provideCompletionItems: function (model, position) {
          const word = model.getWordUntilPosition(position);
          const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
          const line = model.getLineContent(position.lineNumber).substring(0, position.column - 1);
          const afterColon = /:\s*[^\s]*$/.test(line);
          const list = afterColon ? completions.values : completions.keys;
          return { suggestions: list.map(function (c) {
            return { label: c.label, kind: afterColon ? monaco.languages.CompletionItemKind.Value : monaco.languages.CompletionItemKind.Property,
                     insertText: afterColon ? c.label : c.label + ': ', documentation: c.doc || '', range: range };
          }) };
        },
      });
    }
    let timer = null;
    editor.onDidChangeModelContent(function () {
      host.setAttribute('data-checked', '0');
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        const model = editor.getModel();
        component.invokeMethodAsync('Changed', id, model.getValue(), model.getVersionId());
      }, 250);
    });
  },

  // Puts the cursor at a line and column and scrolls it into view (a diagnostic chosen in the list).
  reveal: function (id, line, column) {
    const e = window.scorer.editors[id];
    if (!e) return;
    e.setPosition({ lineNumber: line, column: column });
    e.revealPositionInCenter({ lineNumber: line, column: column });
    e.focus();
  },

  getText: function (id) { const e = window.scorer.editors[id]; return e ? e.getValue() : null; },

  setText: function (id, text) { const e = window.scorer.editors[id]; if (e) e.getModel().setValue(text); },

  // Underlines each diagnostic at its line and column (to the end of the word there) for the model's version it was made for.
  setMarkers: function (id, versionId, markers) {
    const e = window.scorer.editors[id];
    if (!e || !window.monaco) return;
    const model = e.getModel();
    if (versionId !== null && model.getVersionId() !== versionId) return;
    const monaco = window.monaco;
    const severity = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
    monaco.editor.setModelMarkers(model, 'assessment-scorer', markers.map(function (m) {
      const line = Math.min(Math.max(1, m.line), model.getLineCount());
      const col = Math.max(1, m.column);
      const word = model.getWordAtPosition({ lineNumber: line, column: col });
      const end = word ? word.endColumn : Math.max(col + 1, model.getLineMaxColumn(line));
      return { startLineNumber: line, startColumn: col, endLineNumber: line, endColumn: end, message: m.code + ': ' + m.message, severity: severity[m.severity] || monaco.MarkerSeverity.Error, code: m.code };
    }));
    document.getElementById(id).setAttribute('data-checked', '1');
  },

  markers: function (id) {
    const e = window.scorer.editors[id];
    if (!e || !window.monaco) return [];
    return window.monaco.editor.getModelMarkers({ resource: e.getModel().uri }).map(function (m) {
      return { line: m.startLineNumber, column: m.startColumn, message: m.message };
    });
  },

  dispose: function (id) { const e = window.scorer.editors[id]; if (e) { e.dispose(); delete window.scorer.editors[id]; } },
};
