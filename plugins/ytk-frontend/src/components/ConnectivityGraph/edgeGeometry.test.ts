import { edgePaths } from './edgeGeometry';
import type { GraphEdge } from '../../graph/model';

const edge = (source: string, target: string) =>
  ({ id: `${source}->${target}`, source, target }) as GraphEdge;

describe('edgePaths', () => {
  it('runs from the right middle of the source to the left middle of the target, in absolute coordinates', () => {
    const nodes = [
      { id: 'c', position: { x: 100, y: 50 }, width: 500, height: 300 },
      {
        id: 'a',
        parentId: 'c',
        position: { x: 10, y: 20 },
        width: 170,
        height: 44,
      },
      { id: 'b', position: { x: 800, y: 0 }, width: 170, height: 44 },
    ];
    const [p] = edgePaths(nodes, [edge('a', 'b')]);
    // a is at (110, 70) absolute: its right middle is (280, 92); b's left middle is (800, 22).
    expect(p.d.startsWith('M280,92 C')).toBe(true);
    expect(p.d.endsWith(' 800,22')).toBe(true);
  });

  it('leaves out edges whose ends are not drawn', () => {
    const nodes = [{ id: 'a', position: { x: 0, y: 0 }, width: 1, height: 1 }];
    expect(edgePaths(nodes, [edge('a', 'gone')])).toEqual([]);
  });
});
