import './testing.css';
import { useState } from 'react';
import { useT } from '../../i18n/lang.tsx';
import { useEditor } from '../model/store.ts';
import { TestCasesPanel } from './test-cases-panel.tsx';
import { type TestPanelProps, TestRunPanel } from './test-run-panel.tsx';
import { TraceView } from './trace-view.tsx';

type Tab = 'trial' | 'cases';

/** The side panel « Tester »: a trial run (« Essai ») or the saved test cases (« Tests »). */
export function TestingPanel(props: TestPanelProps) {
  const t = useT();
  const [tab, setTab] = useState<Tab>('trial');
  const doc = useEditor(props.store, (s) => s.doc);
  const tabButton = (value: Tab, label: string, testId: string) => (
    <button
      type="button"
      role="tab"
      id={`testing-tab-${value}`}
      aria-selected={tab === value}
      aria-controls={`testing-panel-${value}`}
      className={tab === value ? 'active' : undefined}
      onClick={() => {
        if (tab !== value) props.onTrace(undefined);
        setTab(value);
      }}
      data-testid={testId}
    >
      {label}
    </button>
  );
  return (
    <div className="testing">
      <div className="testing-tabs" role="tablist" aria-label={t('testRunTitle')}>
        {tabButton('trial', t('testTabTrial'), 'tab-trial')}
        {tabButton('cases', t('testTabCases'), 'tab-test-cases')}
      </div>
      <div role="tabpanel" id={`testing-panel-${tab}`} aria-labelledby={`testing-tab-${tab}`}>
        {tab === 'trial' ? (
          <TestRunPanel {...props} />
        ) : (
          <>
            <TestCasesPanel workflowId={props.workflowId} saver={props.saver} onTrace={props.onTrace} />
            {props.trace && <TraceView doc={doc} trace={props.trace} onFocus={props.onFocus} />}
          </>
        )}
      </div>
    </div>
  );
}
