import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { TeamPicker } from './TeamPicker';

const teams = [
  { ref: 'group:default/payments', name: 'payments', title: 'Payments' },
  { ref: 'group:default/ledger', name: 'ledger', title: 'Ledger' },
];

describe('TeamPicker', () => {
  it('offers the user’s teams and says which one was picked', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TeamPicker
        teams={teams}
        value="payments"
        onChange={onChange}
        testId="picker"
      />,
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /Payments/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Ledger' }));
    expect(onChange).toHaveBeenCalledWith('ledger');
  });

  it('keeps a team named in the URL that is not the user’s, and hides with no choice', async () => {
    await renderInTestApp(
      <>
        <TeamPicker
          teams={teams.slice(0, 1)}
          param="audit"
          value="audit"
          onChange={jest.fn()}
          testId="named"
        />
        <TeamPicker
          teams={teams.slice(0, 1)}
          value="payments"
          onChange={jest.fn()}
          testId="alone"
        />
      </>,
    );
    expect(screen.getByTestId('named')).toHaveValue('audit');
    expect(screen.queryByTestId('alone')).toBeNull();
    fireEvent.mouseDown(screen.getByRole('button', { name: /audit/ }));
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['Payments', 'audit']);
  });
});
