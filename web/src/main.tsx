import { render } from 'preact';
import { App } from './App';
import { installRouter } from './router';
import './styles.css';

installRouter();
render(<App />, document.getElementById('app')!);
